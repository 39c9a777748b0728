namespace CardBridge.Qr.Transit;

/// <summary>
/// A parsed, not yet verified transit code (layout: <see cref="TransitQrParser"/>). Holds the holder's account id:
/// <see cref="ToString"/> masks it; never log the code or its fields in clear.
/// </summary>
public sealed class TransitQrCode
{
    internal TransitQrCode(ReadOnlyMemory<byte> bytes, TransitQrVersion version, string accountId)
    {
        Bytes = bytes;
        Version = version;
        AccountId = accountId;
    }

    /// <summary>The code's bytes exactly as scanned (after Base64 decoding).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Interoperable (0x80) or local (0x81).</summary>
    public TransitQrVersion Version { get; }

    /// <summary>Index of the root CA key the issuer certificate is signed with.</summary>
    public byte RootKeyIndex { get; init; }

    /// <summary>The issuer's id, as certified by the root.</summary>
    public uint IssuerId { get; init; }

    /// <summary>The issuer's SM2 public key, compressed (33 bytes).</summary>
    public ReadOnlyMemory<byte> IssuerPublicKey { get; init; }

    /// <summary>When the issuer certificate expires.</summary>
    public DateTimeOffset IssuerCertificateExpiry { get; init; }

    /// <summary>The holder's account (card) id. Personal data.</summary>
    public string AccountId { get; }

    /// <summary>Most the holder may be charged for one trip, in fen.</summary>
    public uint PerTripLimitFen { get; init; }

    /// <summary>The holder's SM2 public key, compressed (33 bytes), authorised by the issuer.</summary>
    public ReadOnlyMemory<byte> UserPublicKey { get; init; }

    /// <summary>Codes generated after this instant are refused.</summary>
    public DateTimeOffset AuthorisationExpiry { get; init; }

    /// <summary>How long a code stays valid after <see cref="GeneratedAt"/>.</summary>
    public TimeSpan Validity { get; init; }

    /// <summary>When the holder's device generated the code.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>End of the code's own window: <see cref="GeneratedAt"/> + <see cref="Validity"/>.</summary>
    public DateTimeOffset ExpiresAt => GeneratedAt + Validity;

    // Where the fields after the variable-length account id start.
    internal int AccountEnd => TransitQrLayout.AccountOffset + AccountId.Length;

    /// <summary>Describes the code with the account id masked.</summary>
    public override string ToString() =>
        $"transit code v{(byte)Version:X2} root {RootKeyIndex} issuer {IssuerId} account {MaskedAccount(AccountId)}";

    internal static string MaskedAccount(string accountId) =>
        accountId.Length <= 5
            ? new string('*', accountId.Length)
            : string.Concat(accountId.AsSpan(0, 3), new string('*', accountId.Length - 5), accountId.AsSpan(accountId.Length - 2));
}
