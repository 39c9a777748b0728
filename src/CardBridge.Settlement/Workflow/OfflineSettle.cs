using CardBridge.Journal;
using CardBridge.Journal.Calls;
using Microsoft.Extensions.Logging;
using static CardBridge.Settlement.Workflow.WorkflowLog;

namespace CardBridge.Settlement.Workflow;

/// <summary>
/// The offline way to settle, while the centre cannot be reached: within <see cref="OfflineCaps"/> the whole bill is
/// paid from the personal account; the journal record is committed first (one at a time, so the caps see every
/// record before it), then the card is written, then the caller is answered. A failed card write voids the record.
/// </summary>
internal sealed class OfflineSettle(OfflineJournal journal, SettlementPolicy policy, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly OfflineCaps _caps = new(policy, journal.Calls);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <exception cref="OfflineLimitExceededException">Offline settlement is not allowed for this one; the call is forgotten.</exception>
    public async Task<SettlementOutcome> SettleAsync(
        SettlementCall call, SettlementSubject subject, SettlementBill bill, IOfflineCardWriter? card, Exception cause, CancellationToken cancellationToken)
    {
        var amounts = PaymentSplit.FromPersonalAccount(bill.TotalFen);
        var draft = new JournalDraft(
            call.RecordId, policy.TerminalId, JournalKind.OfflineMedicalSettlement, amounts, bill.LineItemHash,
            ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, subject.Personal)
        { AwaitsCard = true };
        draft.EnsureValid();
        long sequence;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var refusal = await _caps.RefusalAsync(call, bill, card, time.GetUtcNow(), cancellationToken);
            if (refusal is { } limit)
            {
                await journal.Calls.ForgetAsync(call, CancellationToken.None);
                throw new OfflineLimitExceededException(limit.Limit, limit.Message, cause);
            }
            sequence = await journal.Calls.AppendOfflineRecordAsync(call, draft, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
        // Committed: from here the caller's cancellation no longer applies, only the card write's own time limit.
        var cardWritten = await WriteCardAsync(call, sequence, amounts, card!);
        var completed = call with
        {
            Completed = true,
            Offline = true,
            JournalSequence = sequence,
            Amounts = amounts,
            CompletedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            CardWritten = cardWritten,
        };
        await journal.Calls.CompleteAsync(completed, CancellationToken.None);
        LogSettled(logger, call.Key, "offline", bill.TotalFen);
        return CallOutcomes.Settled(completed);
    }

    public void Dispose() => _gate.Dispose();

    private async Task<bool> WriteCardAsync(SettlementCall call, long sequence, PaymentSplit amounts, IOfflineCardWriter card)
    {
        using var timeout = new CancellationTokenSource(policy.CardWriteTimeout, time);
        try
        {
            var proof = await card.WriteAsync(new OfflineCardEntry(policy.TerminalId, time.GetUtcNow(), amounts.AccountFen, amounts.SelfPayFen, amounts.PooledFen), timeout.Token);
            await journal.ConfirmCardWriteAsync(sequence, proof.Tac, proof.TransactionCounter, CancellationToken.None);
            return true;
        }
        catch (CardWriteUncertainException e)
        {
            // The card may hold it: the journal record stands (the centre settles it), without the card's proof.
            LogCardUncertain(logger, sequence, e.Message);
            await journal.ConfirmCardWriteAsync(sequence, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
            return false;
        }
        catch (Exception e) when (e is not JournalUnavailableException)
        {
            var reason = e is OperationCanceledException ? $"the card write took longer than {policy.CardWriteTimeout}" : $"{e.GetType().Name}: {e.Message}";
            await journal.VoidAsync(sequence, reason.Length > 300 ? reason[..300] : reason, CancellationToken.None);
            await journal.Calls.ForgetAsync(call, CancellationToken.None);
            LogVoided(logger, sequence, reason);
            throw;
        }
    }
}
