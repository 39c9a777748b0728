using CardBridge.Journal.Calls;

namespace CardBridge.Settlement.Workflow;

/// <summary>A stored call as the answer its caller gets: the first answer and every repeat of it read the same row.</summary>
internal static class CallOutcomes
{
    public static SettlementOutcome Settled(SettlementCall call) => new(
        call.Key, call.Offline, call.Amounts, DateTimeOffset.FromUnixTimeMilliseconds(call.CompletedAtMs ?? call.CreatedAtMs))
    {
        SettlementId = call.SettlementId,
        MsgId = call.Offline ? null : call.MsgId,
        AccountBalanceAfterFen = call.BalanceAfterFen,
        JournalSequence = call.JournalSequence,
        RecordId = call.Offline ? call.RecordId : null,
        CardWritten = call.CardWritten,
        ReversedBy = call.ReversedBy,
        Breakdown = call.Breakdown,
    };

    public static ReversalOutcome Reversed(SettlementCall call) => new(
        call.Key, call.TargetKey ?? "", call.SettlementId ?? "", call.Amounts, DateTimeOffset.FromUnixTimeMilliseconds(call.CompletedAtMs ?? call.CreatedAtMs));
}
