namespace CardBridge.Qr;

/// <summary>The code was already accepted once; a single-use code is refused on every later presentation.</summary>
public sealed class QrReplayedException : QrRejectedException
{
    /// <summary>Creates the error.</summary>
    public QrReplayedException(string message) : base(message) { }

    /// <inheritdoc />
    public override QrErrorReason Reason => QrErrorReason.Replayed;
}
