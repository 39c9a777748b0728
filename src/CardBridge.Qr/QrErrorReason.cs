namespace CardBridge.Qr;

/// <summary>
/// Why a scanned code was refused, one value per answer a client of the API sees. The service maps each to the
/// gRPC error reason of the same meaning: <see cref="Malformed"/> → <c>QR_MALFORMED</c>, <see cref="Expired"/> →
/// <c>QR_EXPIRED</c>, <see cref="BadSignature"/> → <c>QR_BAD_SIGNATURE</c>, <see cref="Replayed"/> →
/// <c>QR_REPLAYED</c>, <see cref="UnknownIssuer"/> → <c>QR_UNKNOWN_ISSUER</c>.
/// </summary>
public enum QrErrorReason
{
    /// <summary>The code is not a well-formed code of the expected kind (<c>QR_MALFORMED</c>).</summary>
    Malformed = 1,

    /// <summary>The code is outside its validity window (<c>QR_EXPIRED</c>).</summary>
    Expired = 2,

    /// <summary>A signature of the code does not verify (<c>QR_BAD_SIGNATURE</c>).</summary>
    BadSignature = 3,

    /// <summary>The code was already presented once (<c>QR_REPLAYED</c>).</summary>
    Replayed = 4,

    /// <summary>The code names a root key or issuer this terminal does not trust (<c>QR_UNKNOWN_ISSUER</c>).</summary>
    UnknownIssuer = 5,
}
