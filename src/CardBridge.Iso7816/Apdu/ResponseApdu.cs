namespace CardBridge.Iso7816;

/// <summary>A response APDU: response data followed by the status word SW1 SW2.</summary>
public sealed record ResponseApdu(ReadOnlyMemory<byte> Data, StatusWord StatusWord)
{
    /// <summary>Decodes a response; fewer than two bytes is an <see cref="ApduFormatException"/>.</summary>
    public static ResponseApdu Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
        {
            throw new ApduFormatException($"a response APDU needs at least 2 bytes, got {bytes.Length}");
        }
        return new ResponseApdu(bytes[..^2].ToArray(), new StatusWord(bytes[^2], bytes[^1]));
    }

    /// <summary>Encodes data followed by the status word.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Data.Length + 2];
        Data.Span.CopyTo(bytes);
        bytes[^2] = StatusWord.Sw1;
        bytes[^1] = StatusWord.Sw2;
        return bytes;
    }

    /// <summary>Returns this response when its status is 9000, otherwise throws <see cref="StatusWordException"/>.</summary>
    public ResponseApdu EnsureSuccess(string command) =>
        StatusWord.IsNormal ? this : throw new StatusWordException(StatusWord, command);

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexString(ToArray());
}
