namespace CardBridge.Qr;

/// <summary>
/// The code is outside its validity window at <see cref="CheckedAt"/> (allowing for the configured clock skew):
/// too old, not yet valid (generated in the future), or generated after its holder's authorisation had expired.
/// </summary>
public sealed class QrExpiredException : QrRejectedException
{
    /// <summary>Creates the error for a code valid from <paramref name="validFrom"/> to <paramref name="validUntil"/>.</summary>
    public QrExpiredException(string message, DateTimeOffset validFrom, DateTimeOffset validUntil, DateTimeOffset checkedAt)
        : base(message)
    {
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        CheckedAt = checkedAt;
    }

    /// <summary>Start of the window the code claims (its generation time).</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>End of the window the code claims.</summary>
    public DateTimeOffset ValidUntil { get; }

    /// <summary>The terminal time the code was checked at.</summary>
    public DateTimeOffset CheckedAt { get; }

    /// <inheritdoc />
    public override QrErrorReason Reason => QrErrorReason.Expired;
}
