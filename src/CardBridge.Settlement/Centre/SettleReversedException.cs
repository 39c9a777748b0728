namespace CardBridge.Settlement.Centre;

/// <summary>
/// A settle call's answer was lost (timeout, dropped connection, 5xx, garbled answer, or the caller cancelled), so
/// the adapter reversed it (2601): the settlement is certainly not in effect at the centre. The caller may settle
/// again (with a new call) or go offline. <see cref="Exception.InnerException"/> is the failure that lost the answer.
/// </summary>
public sealed class SettleReversedException : CentreUnavailableException
{
    /// <summary>Creates the error.</summary>
    /// <param name="originalMsgId">The message id of the settle call that was reversed.</param>
    /// <param name="cause">The failure that lost the settle's answer.</param>
    public SettleReversedException(string originalMsgId, Exception cause)
        : base($"The settle {originalMsgId} got no answer and was reversed; it is not in effect", cause)
    {
        OriginalMsgId = originalMsgId;
    }

    /// <summary>The message id of the settle call that was reversed.</summary>
    public string OriginalMsgId { get; }
}
