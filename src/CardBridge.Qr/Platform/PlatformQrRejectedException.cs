namespace CardBridge.Qr.Platform;

/// <summary>
/// The platform looked at the code and refused it. <see cref="PlatformReason"/> is one of the constants of this class,
/// or <see cref="Refused"/> for a refusal code the protocol does not name; <see cref="Reason"/> is what a client sees:
/// <see cref="Expired"/> → expired, <see cref="Used"/> → replayed, anything else → malformed.
/// </summary>
public sealed class PlatformQrRejectedException : QrRejectedException
{
    /// <summary>The code's validity window has passed.</summary>
    public const string Expired = "expired";

    /// <summary>The code was already verified once (codes are single use).</summary>
    public const string Used = "used";

    /// <summary>The platform never issued this code.</summary>
    public const string Unknown = "unknown";

    /// <summary>The platform does not read the text as one of its codes.</summary>
    public const string Malformed = "malformed";

    /// <summary>A refusal code the protocol does not name; see <see cref="PlatformCode"/>.</summary>
    public const string Refused = "refused";

    /// <summary>Creates the error.</summary>
    public PlatformQrRejectedException(string reason, int platformCode, string message) : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        PlatformReason = reason;
        PlatformCode = platformCode;
    }

    /// <summary>Why the platform refused the code: <see cref="Expired"/>, <see cref="Used"/>, <see cref="Unknown"/>, <see cref="Malformed"/> or <see cref="Refused"/>.</summary>
    public string PlatformReason { get; }

    /// <inheritdoc />
    public override QrErrorReason Reason => PlatformReason switch
    {
        Expired => QrErrorReason.Expired,
        Used => QrErrorReason.Replayed,
        _ => QrErrorReason.Malformed,
    };

    /// <summary>The platform's own non-zero answer code.</summary>
    public int PlatformCode { get; }
}
