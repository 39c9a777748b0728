using CardBridge.Journal;
using CardBridge.Journal.Calls;
using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Logging;
using static CardBridge.Settlement.Workflow.WorkflowLog;

namespace CardBridge.Settlement.Workflow;

/// <summary>
/// Settle and hospital visit calls a process left unanswered (a crash, a lost answer): a settle completed when its
/// offline record was committed, otherwise each reversed at the centre by its message id (when it got that far, under
/// the person's insured area it was sent with) and forgotten, so the key can be used anew and never change twice.
/// </summary>
internal sealed class UnfinishedCalls(ISettlementCentre centre, OfflineJournal journal, ILogger logger)
{
    /// <summary>At start-up: releases records left awaiting their card, then resolves every unfinished call it can now.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var sequence in await journal.ReleaseInterruptedAsync(cancellationToken))
        {
            LogReleased(logger, sequence);
        }
        foreach (var call in await journal.Calls.UnfinishedAsync(cancellationToken))
        {
            try
            {
                await ResolveAsync(call, cancellationToken);
            }
            catch (Exception e) when (e is SettlementException or JournalException)
            {
                LogStillUnresolved(logger, call.Key, e.Message);
            }
        }
    }

    /// <summary>The call's outcome when its offline record stands; null when it was reversed (or never sent) and forgotten.</summary>
    /// <exception cref="SettleOutcomeUnknownException">The centre could not be asked to reverse it; the call stays.</exception>
    public async Task<SettlementOutcome?> ResolveAsync(SettlementCall call, CancellationToken cancellationToken)
    {
        var record = await journal.FindAsync(call.RecordId, cancellationToken);
        if (record is not null && record.Status.State != JournalState.Voided)
        {
            var completed = call with
            {
                Completed = true,
                Offline = true,
                JournalSequence = record.Sequence,
                Amounts = record.Amounts,
                CompletedAtMs = record.CreatedAt.ToUnixTimeMilliseconds(),
                CardWritten = record.Status.State != JournalState.AwaitingCard && !record.CardTac.IsEmpty,
            };
            await journal.Calls.CompleteAsync(completed, cancellationToken);
            LogResolved(logger, call.Key, "completed offline");
            return CallOutcomes.Settled(completed);
        }
        if (call.MsgId is { } msgId)
        {
            var reversal = Reversal.Of(call);
            try
            {
                await centre.ReverseAsync(reversal, cancellationToken);
            }
            catch (SettlementException e)
            {
                throw new SettleOutcomeUnknownException(reversal, e);
            }
            LogResolved(logger, call.Key, "reversed at the centre");
        }
        await journal.Calls.ForgetAsync(call, CancellationToken.None);
        return null;
    }
}
