namespace CardBridge.Settlement.Centre;

/// <summary>
/// A reversal (2601) of a state-changing call whose answer was lost — a settle, a registration, a fee batch, a
/// cancellation — named by that call's transaction code and message id. Send it with the original call's
/// <see cref="CentreCall.InsuredArea"/>.
/// </summary>
/// <param name="PersonNo">The centre's person number of the original call.</param>
/// <param name="OriginalInfNo">The transaction code of the call to undo (<c>oinfno</c>).</param>
/// <param name="OriginalMsgId">The message id of the call to undo (<c>omsgid</c>).</param>
public sealed record Reversal(string PersonNo, string OriginalInfNo, string OriginalMsgId) : CentreCall
{
    /// <summary>The reversal of a settle (2207, 2102, 2304) in <paramref name="scenario"/>.</summary>
    public static Reversal OfSettle(string personNo, SettlementScenario scenario, string originalMsgId) =>
        new(personNo, TransactionCode.Settle(scenario), originalMsgId);

    /// <summary>The reversal of a call stored in the journal: a hospital visit call by its own code, a settle by its scenario's.</summary>
    internal static Reversal Of(CardBridge.Journal.Calls.SettlementCall call) =>
        new(call.PersonNo ?? "", call.InfNo ?? TransactionCode.Settle((SettlementScenario)call.Scenario), call.MsgId ?? "")
        {
            InsuredArea = call.InsuredArea,
        };
}
