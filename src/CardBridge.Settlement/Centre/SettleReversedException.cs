namespace CardBridge.Settlement.Centre;

/// <summary>
/// The answer of a call that changes anything — a settle, a cancellation, a registration, an admission, a fee batch, a
/// discharge — was lost (timeout, dropped connection, 5xx, garbled answer), so the adapter reversed it (2601): it is
/// certainly not in effect at the centre. The caller may send it again (with a new call) or, for a settle, go offline.
/// <see cref="Exception.InnerException"/> is the failure that lost the answer.
/// </summary>
public sealed class SettleReversedException : CentreUnavailableException
{
    /// <summary>Creates the error.</summary>
    /// <param name="originalMsgId">The message id of the call that was reversed.</param>
    /// <param name="cause">The failure that lost the settle's answer.</param>
    public SettleReversedException(string originalMsgId, Exception cause)
        : base($"The centre call {originalMsgId} got no answer and was reversed; it is not in effect", cause)
    {
        OriginalMsgId = originalMsgId;
    }

    /// <summary>The message id of the call that was reversed.</summary>
    public string OriginalMsgId { get; }
}
