using CardBridge.Journal.Calls;
using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Logging;
using static CardBridge.Settlement.Workflow.WorkflowLog;

namespace CardBridge.Settlement.Workflow;

/// <summary>
/// Cancels (2208 / 2103) a completed online settlement once per idempotency key. The reversal is stored with its key
/// before the centre is asked; whatever leaves nothing at the centre forgets it, so the key can be used again.
/// </summary>
internal sealed class OnlineReversal(
    ISettlementCentre centre, SettlementCalls calls, IdempotencyKeys keys, TimeProvider time, Func<Guid> newId, ILogger logger)
{
    public async Task<ReversalOutcome> ReverseAsync(string clientId, string idempotencyKey, string settlementKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        SettlementLimits.CheckKey(idempotencyKey, SettlementRequestField.IdempotencyKey);
        SettlementLimits.CheckKey(settlementKey, SettlementRequestField.SettlementKey);
        var hash = RequestHash.OfReverse(settlementKey);
        using var running = keys.Enter(clientId, idempotencyKey);
        var settle = await calls.FindAsync(clientId, settlementKey, cancellationToken);
        if (settle is not { Operation: SettlementCall.Settle, Completed: true })
        {
            throw new SettlementNotFoundException(settlementKey);
        }
        var fresh = new SettlementCall(
            clientId, idempotencyKey, SettlementCall.Reverse, hash, false, Now(), settle.HolderKey, settle.Scenario, 0, newId())
        {
            TargetKey = settlementKey,
            PersonNo = settle.PersonNo,
            SettlementId = settle.SettlementId,
            // The cancellation goes under the insured area the settlement went under: the person's own.
            InsuredArea = settle.InsuredArea,
        };
        var (call, existed) = await keys.BeginAsync(fresh, cancellationToken);
        if (existed && call.Completed)
        {
            return CallOutcomes.Reversed(call) with { Replayed = true };
        }
        if (settle.Offline || settle.SettlementId is null || settle.PersonNo is null)
        {
            await calls.ForgetAsync(call, CancellationToken.None);
            throw new SettlementNotReversibleException(
                $"Settlement {settlementKey} was made offline (journal record {settle.JournalSequence}); it is cancelled at the centre once uploaded.");
        }
        if (settle.ReversedBy is { } other && other != idempotencyKey)
        {
            await calls.ForgetAsync(call, CancellationToken.None);
            throw new SettlementNotReversibleException($"Settlement {settlementKey} was already reversed under key {other}.");
        }
        CancellationReceipt receipt;
        try
        {
            receipt = await centre.CancelSettlementAsync(
                (SettlementScenario)settle.Scenario,
                new SettlementCancellation(settle.PersonNo, settle.SettlementId) { VisitId = settle.VisitId, InsuredArea = settle.InsuredArea },
                cancellationToken);
        }
        catch (Exception e) when (e is CentreRejectedException or CentreUnavailableException { NeverDelivered: true } or OperationCanceledException)
        {
            await calls.ForgetAsync(call, CancellationToken.None);
            throw;
        }
        var completed = call with
        {
            Completed = true,
            MsgId = receipt.MsgId,
            Amounts = receipt.Refunded,
            TotalFen = receipt.Refunded.TotalFen,
            CompletedAtMs = Now(),
        };
        await calls.CompleteReversalAsync(completed, settle, CancellationToken.None);
        LogReversed(logger, settlementKey, receipt.Refunded.TotalFen);
        return CallOutcomes.Reversed(completed);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
