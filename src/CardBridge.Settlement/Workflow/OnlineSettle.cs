using CardBridge.Journal.Calls;
using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Logging;
using static CardBridge.Settlement.Workflow.WorkflowLog;

namespace CardBridge.Settlement.Workflow;

/// <summary>
/// The online way to settle: the message id is stored with the call before the settle is sent, so a settle whose
/// answer is lost can be reversed by it; the centre's answer is stored even when the caller has gone. When the
/// centre cannot be reached (or answers nonsense, or the adapter reversed a settle it lost), the offline way goes on.
/// </summary>
internal sealed class OnlineSettle(ISettlementCentre centre, SettlementCalls calls, OfflineSettle offline, TimeProvider time, ILogger logger)
{
    /// <exception cref="CentreRejectedException">The centre refused the settlement; the call is forgotten.</exception>
    public async Task<SettlementOutcome> SettleAsync(
        SettlementCall call, SettlementSubject subject, SettlementBill bill, IOfflineCardWriter? card, CancellationToken cancellationToken)
    {
        Exception offlineBecause;
        try
        {
            var person = await centre.GetPersonInfoAsync(CentreRequests.Query(subject), cancellationToken);
            var msgId = centre.NextMessageId();
            var request = CentreRequests.Request(person, subject, bill) with { MsgId = msgId };
            call = call with { MsgId = msgId, PersonNo = person.PersonNo, InsuredArea = request.InsuredArea };
            await calls.SetMessageAsync(call, msgId, person.PersonNo, cancellationToken);
            var receipt = await centre.SettleAsync(bill.Scenario, request, cancellationToken);
            var completed = call with
            {
                Completed = true,
                SettlementId = receipt.SettlementId,
                Amounts = receipt.Amounts,
                BalanceAfterFen = receipt.AccountBalanceAfterFen,
                Breakdown = receipt.Breakdown,
                VisitId = bill.VisitId,
                CompletedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            // The centre has settled: store the answer even if the caller has gone, so a retry with the key gets it.
            await calls.CompleteAsync(completed, CancellationToken.None);
            LogSettled(logger, call.Key, "online", bill.TotalFen);
            return CallOutcomes.Settled(completed);
        }
        catch (Exception e) when (e is CentreUnavailableException or CentreProtocolException or SettleReversedException)
        {
            offlineBecause = e;
        }
        catch (Exception e) when (e is CentreRejectedException or OperationCanceledException)
        {
            // Nothing stands at the centre (a cancelled settle was reversed by the adapter): the key is free again.
            await calls.ForgetAsync(call, CancellationToken.None);
            throw;
        }
        LogGoingOffline(logger, call.Key, offlineBecause.Message);
        return await offline.SettleAsync(call, subject, bill, card, offlineBecause, cancellationToken);
    }
}
