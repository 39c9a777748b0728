namespace CardBridge.Iso7816;

/// <summary>Bytes that are not well-formed BER-TLV.</summary>
public sealed class TlvFormatException : Iso7816Exception
{
    /// <summary>Creates the error, naming the offset where parsing stopped.</summary>
    public TlvFormatException(string message, int offset) : base($"{message} at offset {offset}")
    {
        Offset = offset;
    }

    /// <summary>Offset into the input where the malformed object starts or ends.</summary>
    public int Offset { get; }
}
