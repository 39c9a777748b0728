using System.Security.Cryptography;

namespace CardBridge.Cards.Pin;

/// <summary>
/// A PIN's digits held in one array this buffer owns and zeroes when disposed (and after every command built from
/// it is sent). Never logged: <see cref="ToString"/> shows nothing of it.
/// </summary>
public sealed class PinBuffer : IDisposable
{
    /// <summary>Fewest digits a social security card PIN has.</summary>
    public const int MinDigits = 4;

    /// <summary>Most digits a PIN can have (8 BCD bytes on the card).</summary>
    public const int MaxDigits = 12;

    private readonly byte[] _digits;
    private bool _disposed;

    private PinBuffer(byte[] digits)
    {
        _digits = digits;
    }

    /// <summary>
    /// Takes ownership of <paramref name="asciiDigits"/> (ASCII '0'–'9'): the caller must not keep using the array,
    /// which is zeroed on <see cref="Dispose"/>. On a format error the array is zeroed too.
    /// </summary>
    /// <exception cref="FormatException">Not 4–12 decimal digits.</exception>
    public static PinBuffer Own(byte[] asciiDigits)
    {
        ArgumentNullException.ThrowIfNull(asciiDigits);
        if (asciiDigits.Length is < MinDigits or > MaxDigits || asciiDigits.AsSpan().ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            CryptographicOperations.ZeroMemory(asciiDigits);
            throw new FormatException($"a PIN has {MinDigits}–{MaxDigits} decimal digits");
        }
        return new PinBuffer(asciiDigits);
    }

    /// <summary>Copies the digits of <paramref name="digits"/> into a new buffer (the caller clears its own copy).</summary>
    public static PinBuffer FromDigits(ReadOnlySpan<char> digits)
    {
        var bytes = new byte[digits.Length];
        for (var i = 0; i < digits.Length; i++)
        {
            bytes[i] = digits[i] is >= '0' and <= '9' ? (byte)digits[i] : (byte)0xFF;
        }
        return Own(bytes);
    }

    /// <summary>Number of digits.</summary>
    public int Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _digits.Length;
        }
    }

    /// <summary>Bytes of the packed BCD form: two digits a byte, F-padded.</summary>
    internal int BcdLength => (Length + 1) / 2;

    /// <summary>Writes the PIN as VERIFY carries it (BCD, right-padded with F) into <paramref name="destination"/>.</summary>
    internal void WriteBcd(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        destination[..BcdLength].Fill(0xFF);
        for (var i = 0; i < _digits.Length; i++)
        {
            var nibble = _digits[i] - '0';
            ref var b = ref destination[i / 2];
            b = i % 2 == 0 ? (byte)((nibble << 4) | (b & 0x0F)) : (byte)((b & 0xF0) | nibble);
        }
    }

    /// <summary>Zeroes the digits.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_digits);
        _disposed = true;
    }

    /// <summary>Never shows the PIN.</summary>
    public override string ToString() => "PinBuffer(***)";
}
