namespace CardBridge.Settlement.Centre;

/// <summary>
/// The answer of a call that changes anything (a settle, a registration, a fee batch, …) was lost and the reversal
/// failed too: the centre may or may not have committed it. The caller must not do it again (offline or online) before
/// a reversal of <see cref="MsgId"/> succeeds; record it (journal) and retry <see cref="ISettlementCentre.ReverseAsync"/>
/// with <see cref="Reversal"/>.
/// </summary>
public sealed class SettleOutcomeUnknownException : SettlementException
{
    /// <summary>Creates the error.</summary>
    /// <param name="reversal">The reversal still to be done.</param>
    /// <param name="cause">The failure of the reversal attempt.</param>
    public SettleOutcomeUnknownException(Reversal reversal, Exception cause)
        : base($"The centre call {reversal?.OriginalMsgId} got no answer and its reversal failed; its outcome is unknown", cause)
    {
        ArgumentNullException.ThrowIfNull(reversal);
        Reversal = reversal;
    }

    /// <summary>The message id of the call whose outcome is unknown.</summary>
    public string MsgId => Reversal.OriginalMsgId;

    /// <summary>The reversal to retry until it succeeds.</summary>
    public Reversal Reversal { get; }
}
