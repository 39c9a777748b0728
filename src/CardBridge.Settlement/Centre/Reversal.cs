namespace CardBridge.Settlement.Centre;

/// <summary>A reversal (2601) of a settle call whose answer was lost, named by that call's message id.</summary>
/// <param name="PersonNo">The centre's person number of the original call.</param>
/// <param name="Scenario">The scenario of the original settle (its transaction code).</param>
/// <param name="OriginalMsgId">The message id of the settle call to undo.</param>
public sealed record Reversal(string PersonNo, SettlementScenario Scenario, string OriginalMsgId);
