using System.Buffers.Binary;

namespace CardBridge.Qr.Transit;

/// <summary>
/// Parses transit code bytes or the Base64 text a scanner reads into a <see cref="TransitQrCode"/>, checking every
/// length and field value of the layout documented on <see cref="TransitQrLayout"/>. Signatures are not checked here
/// (that is <see cref="TransitQrVerifier"/>). Arbitrary input only ever yields a code or <see cref="QrMalformedException"/>.
/// </summary>
public static class TransitQrParser
{
    /// <summary>Parses the scanned text: standard Base64 (surrounding whitespace ignored) of the code's bytes.</summary>
    /// <exception cref="QrMalformedException">The text is not Base64 of a well-formed code.</exception>
    public static TransitQrCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed.Length > TransitQrLayout.MaxTextLength)
        {
            throw new QrMalformedException($"transit code text must be 1..{TransitQrLayout.MaxTextLength} characters, got {trimmed.Length}");
        }
        var buffer = new byte[trimmed.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(trimmed, buffer, out var written))
        {
            throw new QrMalformedException("transit code text is not Base64");
        }
        return Parse(buffer.AsMemory(0, written));
    }

    /// <summary>Parses the code's bytes. The returned code refers to <paramref name="bytes"/>: do not change them afterwards.</summary>
    /// <exception cref="QrMalformedException">The bytes are not a well-formed code.</exception>
    public static TransitQrCode Parse(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.Length < TransitQrLayout.MinLength || span.Length > TransitQrLayout.MaxLength)
        {
            throw new QrMalformedException(
                $"transit code must be {TransitQrLayout.MinLength}..{TransitQrLayout.MaxLength} bytes, got {span.Length}");
        }
        var version = span[TransitQrLayout.VersionOffset] switch
        {
            (byte)TransitQrVersion.Interoperable => TransitQrVersion.Interoperable,
            (byte)TransitQrVersion.Local => TransitQrVersion.Local,
            var other => throw new QrMalformedException($"transit code version 0x{other:X2} is neither 0x80 nor 0x81"),
        };
        var accountLength = span[TransitQrLayout.AccountLengthOffset];
        if (accountLength is < TransitQrLayout.MinAccountLength or > TransitQrLayout.MaxAccountLength)
        {
            throw new QrMalformedException(
                $"account id length must be {TransitQrLayout.MinAccountLength}..{TransitQrLayout.MaxAccountLength}, got {accountLength}");
        }
        var expected = TransitQrLayout.AccountOffset + accountLength + TransitQrLayout.TotalAfterAccount;
        if (span.Length != expected)
        {
            throw new QrMalformedException($"transit code with a {accountLength}-byte account id must be {expected} bytes, got {span.Length}");
        }
        var account = span.Slice(TransitQrLayout.AccountOffset, accountLength);
        if (!IsAsciiAlphanumeric(account))
        {
            throw new QrMalformedException("account id must be ASCII letters and digits");
        }
        var after = TransitQrLayout.AccountOffset + accountLength;
        var validitySeconds = BinaryPrimitives.ReadUInt16BigEndian(span[(after + TransitQrLayout.ValidityAfterAccount)..]);
        if (validitySeconds == 0)
        {
            throw new QrMalformedException("validity must be at least one second");
        }
        return new TransitQrCode(bytes, version, System.Text.Encoding.ASCII.GetString(account))
        {
            RootKeyIndex = span[TransitQrLayout.RootIndexOffset],
            IssuerId = BinaryPrimitives.ReadUInt32BigEndian(span[TransitQrLayout.IssuerIdOffset..]),
            IssuerPublicKey = CompressedKey(bytes, TransitQrLayout.IssuerKeyOffset, "issuer"),
            IssuerCertificateExpiry = Time(span, TransitQrLayout.IssuerCertificateExpiryOffset),
            PerTripLimitFen = BinaryPrimitives.ReadUInt32BigEndian(span[(after + TransitQrLayout.PerTripLimitAfterAccount)..]),
            UserPublicKey = CompressedKey(bytes, after + TransitQrLayout.UserKeyAfterAccount, "user"),
            AuthorisationExpiry = Time(span, after + TransitQrLayout.AuthorisationExpiryAfterAccount),
            Validity = TimeSpan.FromSeconds(validitySeconds),
            GeneratedAt = Time(span, after + TransitQrLayout.GeneratedAtAfterAccount),
        };
    }

    private static ReadOnlyMemory<byte> CompressedKey(ReadOnlyMemory<byte> bytes, int offset, string whose)
    {
        var key = bytes.Slice(offset, TransitQrLayout.PublicKeyLength);
        if (key.Span[0] is not (0x02 or 0x03))
        {
            throw new QrMalformedException($"{whose} public key must be a compressed point (02 or 03 first)");
        }
        return key;
    }

    private static DateTimeOffset Time(ReadOnlySpan<byte> span, int offset) =>
        DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(span[offset..]));

    private static bool IsAsciiAlphanumeric(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!char.IsAsciiLetterOrDigit((char)b))
            {
                return false;
            }
        }
        return true;
    }
}
