namespace CardBridge.Qr;

/// <summary>
/// The code is outside its validity window at <see cref="CheckedAt"/> (allowing for the configured clock skew):
/// too old, not yet valid (generated in the future), or generated after its holder's authorisation had expired.
/// </summary>
public sealed class QrExpiredException(string message, DateTimeOffset validFrom, DateTimeOffset validUntil, DateTimeOffset checkedAt)
    : QrRejectedException(message)
{
    /// <summary>Start of the window the code claims (its generation time).</summary>
    public DateTimeOffset ValidFrom { get; } = validFrom;

    /// <summary>End of the window the code claims.</summary>
    public DateTimeOffset ValidUntil { get; } = validUntil;

    /// <summary>The terminal time the code was checked at.</summary>
    public DateTimeOffset CheckedAt { get; } = checkedAt;

    /// <inheritdoc />
    public override QrErrorReason Reason => QrErrorReason.Expired;
}
