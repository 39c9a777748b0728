using CardBridge.Cards;
using CardBridge.Journal.Calls;

namespace CardBridge.Settlement.Workflow;

/// <summary>
/// Whether a settlement may go ahead offline (DESIGN §5), in the order a refusal is reported: switched on, the
/// scenario allowed, the card present, the per-transaction cap, the card's cap for the day (China Standard Time) and
/// the terminal's cap on money the centre has not acknowledged yet. Caps are inclusive.
/// </summary>
internal sealed class OfflineCaps(SettlementPolicy policy, SettlementCalls calls)
{
    /// <summary>The rule that refuses the settlement and why; null when it may go ahead.</summary>
    public async Task<(OfflineLimit Limit, string Message)?> RefusalAsync(
        SettlementCall call, SettlementBill bill, IOfflineCardWriter? card, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!policy.OfflineEnabled)
        {
            return (OfflineLimit.Disabled, "The centre cannot be reached and offline settlement is switched off.");
        }
        // An inpatient stay's bill is its fee details at the centre: only the centre can settle it.
        if (bill.Scenario == Centre.SettlementScenario.Inpatient)
        {
            return (OfflineLimit.Scenario, "The centre cannot be reached and an inpatient stay settles online only.");
        }
        if (policy.OfflineScenarios.Count > 0 && !policy.OfflineScenarios.Contains(bill.Scenario))
        {
            return (OfflineLimit.Scenario, $"The centre cannot be reached and {bill.Scenario} may not settle offline.");
        }
        if (card is null)
        {
            return (OfflineLimit.CardRequired, "The centre cannot be reached and offline settlement needs the card in a reader.");
        }
        if (bill.TotalFen > policy.OfflineMaxPerTransactionFen)
        {
            return (OfflineLimit.PerTransaction, $"The centre cannot be reached and {bill.TotalFen} fen is above the offline cap of {policy.OfflineMaxPerTransactionFen} fen per settlement.");
        }
        var dayStart = ChinaStandardTime.DayStart(now);
        var (cardToday, terminalPending) = await calls.OfflineTotalsAsync(call.HolderKey, dayStart, dayStart.AddDays(1), cancellationToken);
        if (cardToday + bill.TotalFen > policy.OfflineMaxPerCardPerDayFen)
        {
            return (OfflineLimit.PerCardPerDay, $"The centre cannot be reached and this card has settled {cardToday} fen offline today; the cap is {policy.OfflineMaxPerCardPerDayFen} fen.");
        }
        if (terminalPending + bill.TotalFen > policy.OfflineMaxTerminalPendingFen)
        {
            return (OfflineLimit.TerminalTotal, $"The centre cannot be reached and this terminal holds {terminalPending} fen not yet uploaded; the cap is {policy.OfflineMaxTerminalPendingFen} fen.");
        }
        return null;
    }
}
