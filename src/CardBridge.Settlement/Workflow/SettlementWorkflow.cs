using CardBridge.Journal;
using CardBridge.Journal.Calls;
using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Logging;

namespace CardBridge.Settlement.Workflow;

/// <summary>
/// Medical settlement at the counter (seed items 48–52, 59): pre-settle, settle, reverse and account queries against
/// the centre, and — while the centre cannot be reached — offline settlement within <see cref="SettlementPolicy"/>'s
/// caps: the journal record is committed first, then the card is written, then the caller is answered.
/// <para>
/// Every settle and reverse carries the caller's idempotency key, stored with the call before anything is sent: a
/// repeated key gets the first answer and never settles twice. A settle is sent under a message id recorded
/// beforehand, so one whose outcome a crash or a lost answer hid is reversed (2601) by it before the key is settled
/// anew. A caller that lost an answer (deadline, crash, network) asks again with the same key to learn the outcome.
/// </para>
/// <para>
/// The work is done by small parts, one job each: <see cref="OnlineSettle"/> and, when the centre cannot be reached,
/// <see cref="OfflineSettle"/> with its <see cref="OfflineCaps"/>; <see cref="OnlineReversal"/>;
/// <see cref="UnfinishedCalls"/> for calls a process left unanswered; <see cref="IdempotencyKeys"/> for the keys.
/// </para>
/// </summary>
public sealed class SettlementWorkflow : IDisposable
{
    private const int RecentLimit = 10;

    private readonly ISettlementCentre _centre;
    private readonly SettlementCalls _calls;
    private readonly TimeProvider _time;
    private readonly Func<Guid> _newId;
    private readonly IdempotencyKeys _keys;
    private readonly OfflineSettle _offline;
    private readonly OnlineSettle _online;
    private readonly OnlineReversal _reversal;
    private readonly UnfinishedCalls _unfinished;

    /// <summary>Settles through <paramref name="centre"/>, keeping calls and offline records in <paramref name="journal"/>.</summary>
    public SettlementWorkflow(
        ISettlementCentre centre, OfflineJournal journal, SettlementPolicy policy, TimeProvider time, Func<Guid> newId, ILogger<SettlementWorkflow> logger)
    {
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(newId);
        ArgumentNullException.ThrowIfNull(logger);
        _centre = centre;
        _calls = journal.Calls;
        _time = time;
        _newId = newId;
        _keys = new IdempotencyKeys(_calls);
        _offline = new OfflineSettle(journal, policy, time, logger);
        _online = new OnlineSettle(centre, _calls, _offline, time, logger);
        _reversal = new OnlineReversal(centre, _calls, _keys, time, newId, logger);
        _unfinished = new UnfinishedCalls(centre, journal, logger);
    }

    /// <summary>
    /// At start-up, before serving: releases journal records a dead process left awaiting their card, and settles the
    /// fate of settle calls it left unanswered (completed offline, or reversed at the centre by their message id).
    /// Calls the centre cannot be asked about now stay as they are, for the caller's retry.
    /// </summary>
    public Task RecoverAsync(CancellationToken cancellationToken) => _unfinished.RecoverAsync(cancellationToken);

    /// <summary>Trial calculation at the centre (2206 / 2101 / 2303) under the person's own insured area; commits nothing and needs the centre.</summary>
    /// <exception cref="InvalidSettlementRequestException">The bill breaks a <see cref="SettlementLimits"/> rule.</exception>
    /// <exception cref="CentreUnavailableException">The centre cannot be reached (there is no offline pre-settle).</exception>
    /// <exception cref="CentreRejectedException">The centre refused it.</exception>
    public async Task<SettlementQuote> PreSettleAsync(SettlementSubject subject, SettlementBill bill, CancellationToken cancellationToken)
    {
        CheckRequest(subject, bill);
        var person = await _centre.GetPersonInfoAsync(CentreRequests.Query(subject), cancellationToken);
        return await _centre.PreSettleAsync(bill.Scenario, CentreRequests.Request(person, subject, bill), cancellationToken);
    }

    /// <summary>
    /// Settles <paramref name="bill"/> once per idempotency key: online when the centre answers, otherwise offline within
    /// the caps when <paramref name="card"/> (the holder's card in a live session) is given.
    /// </summary>
    /// <exception cref="InvalidSettlementRequestException">The key or bill breaks a <see cref="SettlementLimits"/> rule.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key was used for a different request.</exception>
    /// <exception cref="SettlementInProgressException">A call with the key is running.</exception>
    /// <exception cref="OfflineLimitExceededException">The centre is unreachable and offline settlement is not allowed for this one.</exception>
    /// <exception cref="SettleOutcomeUnknownException">The centre may have settled and could not be asked to reverse; ask again with the same key later.</exception>
    /// <exception cref="CentreRejectedException">The centre refused the settlement.</exception>
    /// <exception cref="JournalUnavailableException">The journal cannot store the call; nothing was acknowledged.</exception>
    public async Task<SettlementOutcome> SettleAsync(
        string clientId, string idempotencyKey, SettlementSubject subject, SettlementBill bill, IOfflineCardWriter? card, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        SettlementLimits.CheckKey(idempotencyKey, SettlementRequestField.IdempotencyKey);
        CheckRequest(subject, bill);
        var hash = RequestHash.OfSettle(subject, bill);
        using var running = _keys.Enter(clientId, idempotencyKey);
        var fresh = new SettlementCall(
            clientId, idempotencyKey, SettlementCall.Settle, hash, false, _time.GetUtcNow().ToUnixTimeMilliseconds(), subject.HolderKey,
            (int)bill.Scenario, bill.TotalFen, _newId());
        var (call, existed) = await _keys.BeginAsync(fresh, cancellationToken);
        if (existed)
        {
            if (call.Completed)
            {
                return CallOutcomes.Settled(call) with { Replayed = true };
            }
            if (await _unfinished.ResolveAsync(call, cancellationToken) is { } resolved)
            {
                return resolved with { Replayed = true };
            }
            (call, _) = await _calls.BeginAsync(fresh, cancellationToken);
        }
        return await _online.SettleAsync(call, subject, bill, card, cancellationToken);
    }

    /// <summary>Cancels (2208 / 2103) the settlement made under <paramref name="settlementKey"/>, once per idempotency key.</summary>
    /// <exception cref="InvalidSettlementRequestException">A key breaks a <see cref="SettlementLimits"/> rule.</exception>
    /// <exception cref="SettlementNotFoundException">This client has no completed settlement with that key.</exception>
    /// <exception cref="SettlementNotReversibleException">It was settled offline, or already reversed under another key.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key was used for a different request.</exception>
    /// <exception cref="SettlementInProgressException">A call with the key is running.</exception>
    /// <exception cref="CentreUnavailableException">The centre cannot be reached; nothing was changed.</exception>
    /// <exception cref="CentreRejectedException">The centre refused the cancellation.</exception>
    public Task<ReversalOutcome> ReverseAsync(string clientId, string idempotencyKey, string settlementKey, CancellationToken cancellationToken) =>
        _reversal.ReverseAsync(clientId, idempotencyKey, settlementKey, cancellationToken);

    /// <summary>
    /// The holder's account balance at the centre (when reachable) and their settlements on this terminal, by every
    /// client. Keys belong to their client: a settlement another client made is listed without its idempotency key and
    /// without the key of its reversal.
    /// </summary>
    public async Task<AccountSummary> QueryAccountAsync(string clientId, SettlementSubject subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(subject);
        var recent = await _calls.RecentAsync(subject.HolderKey, RecentLimit, cancellationToken);
        var outcomes = recent
            .Select(call => call.ClientId == clientId ? CallOutcomes.Settled(call) : CallOutcomes.Settled(call) with { IdempotencyKey = "", ReversedBy = null })
            .ToList();
        try
        {
            var person = await _centre.GetPersonInfoAsync(CentreRequests.Query(subject), cancellationToken);
            var insurance = person.Insurances.FirstOrDefault(i => i.InsuranceType == "310") ?? (person.Insurances.Count > 0 ? person.Insurances[0] : null);
            return new AccountSummary(true, insurance?.AccountBalanceFen, outcomes);
        }
        catch (Exception e) when (e is CentreUnavailableException or CentreProtocolException)
        {
            return new AccountSummary(false, null, outcomes);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _offline.Dispose();

    private static void CheckRequest(SettlementSubject subject, SettlementBill bill)
    {
        ArgumentNullException.ThrowIfNull(subject);
        SettlementLimits.CheckBill(bill);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject.CertificateNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject.HolderKey);
    }
}
