namespace CardBridge.Qr.Transit;

/// <summary>
/// The binary layout of a transit code as CardBridge defines it (the operators' exact layout is not public; this one
/// follows the field list of the 2017 interoperable spec). Integers are unsigned big-endian, times are Unix seconds
/// (UTC), public keys are SM2 compressed points (33 bytes, 02|03 ‖ x), signatures are SM2 raw r ‖ s (64 bytes,
/// SM3 digest, default user id "1234567812345678"). Every signature covers all bytes from offset 0 up to itself:
/// <code>
/// offset   len  field                                      signed by
///      0     1  version 0x80 interoperable / 0x81 local    ┐
///      1     1  root key index                             │
///      2     4  issuer id                                  │ root
///      6    33  issuer public key (compressed)             │
///     39     4  issuer certificate expiry                  ┘
///     43    64  root signature over [0, 43)
///    107     1  account id length L, 1..20                 ┐
///    108     L  account id, ASCII letters and digits       │
///  108+L     4  per-trip limit, fen                        │ issuer (with everything before)
///  112+L    33  user public key (compressed)               │
///  145+L     4  authorisation expiry                       │
///  149+L     2  validity, seconds, 1..65535                ┘
///  151+L    64  issuer signature over [0, 151+L)
///  215+L     4  generation time                            ] user (with everything before)
///  219+L    64  user signature over [0, 219+L)
///  283+L        end: the code is exactly 283+L bytes
/// </code>
/// In the QR symbol the bytes are carried as standard Base64 text (RFC 4648 §4, with padding).
/// </summary>
internal static class TransitQrLayout
{
    public const int VersionOffset = 0;
    public const int RootIndexOffset = 1;
    public const int IssuerIdOffset = 2;
    public const int IssuerKeyOffset = 6;
    public const int IssuerCertificateExpiryOffset = 39;
    public const int RootSignatureOffset = 43;
    public const int AccountLengthOffset = 107;
    public const int AccountOffset = 108;

    public const int PublicKeyLength = 33;
    public const int SignatureLength = 64;
    public const int MinAccountLength = 1;
    public const int MaxAccountLength = 20;

    // Offsets after the account id are relative to the end of the account id (108 + L).
    public const int PerTripLimitAfterAccount = 0;
    public const int UserKeyAfterAccount = 4;
    public const int AuthorisationExpiryAfterAccount = 37;
    public const int ValidityAfterAccount = 41;
    public const int IssuerSignatureAfterAccount = 43;
    public const int GeneratedAtAfterAccount = 107;
    public const int UserSignatureAfterAccount = 111;
    public const int TotalAfterAccount = 175;

    public const int MinLength = AccountOffset + MinAccountLength + TotalAfterAccount;
    public const int MaxLength = AccountOffset + MaxAccountLength + TotalAfterAccount;

    /// <summary>Longest Base64 text that can hold <see cref="MaxLength"/> bytes.</summary>
    public const int MaxTextLength = (MaxLength + 2) / 3 * 4;
}
