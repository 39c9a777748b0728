using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
/// </summary>
public sealed partial class SettlementWorkflow : IDisposable
{
    private const int MaxKeyLength = 128;
    private const int RecentLimit = 10;
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private readonly ISettlementCentre _centre;
    private readonly OfflineJournal _journal;
    private readonly SettlementPolicy _policy;
    private readonly TimeProvider _time;
    private readonly Func<Guid> _newId;
    private readonly ILogger<SettlementWorkflow> _logger;
    private readonly ConcurrentDictionary<(string Client, string Key), byte> _running = new();
    private readonly SemaphoreSlim _offlineGate = new(1, 1);

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
        _journal = journal;
        _policy = policy;
        _time = time;
        _newId = newId;
        _logger = logger;
    }

    /// <summary>
    /// At start-up, before serving: releases journal records a dead process left awaiting their card, and settles the
    /// fate of settle calls it left unanswered (completed offline, or reversed at the centre by their message id).
    /// Calls the centre cannot be asked about now stay as they are, for the caller's retry.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var sequence in await _journal.ReleaseInterruptedAsync(cancellationToken))
        {
            LogReleased(sequence);
        }
        foreach (var call in await _journal.Calls.UnfinishedAsync(cancellationToken))
        {
            try
            {
                await ResolveUnfinishedAsync(call, cancellationToken);
            }
            catch (Exception e) when (e is SettlementException or JournalException)
            {
                LogStillUnresolved(call.Key, e.Message);
            }
        }
    }

    /// <summary>Trial calculation at the centre (2206 / 2101); commits nothing and needs the centre.</summary>
    /// <exception cref="CentreUnavailableException">The centre cannot be reached (there is no offline pre-settle).</exception>
    /// <exception cref="CentreRejectedException">The centre refused it.</exception>
    public async Task<SettlementQuote> PreSettleAsync(SettlementSubject subject, SettlementBill bill, CancellationToken cancellationToken)
    {
        CheckBill(subject, bill);
        var person = await _centre.GetPersonInfoAsync(Query(subject), cancellationToken);
        return await _centre.PreSettleAsync(bill.Scenario, Request(person.PersonNo, subject, bill), cancellationToken);
    }

    /// <summary>
    /// Settles <paramref name="bill"/> once per idempotency key: online when the centre answers, otherwise offline within
    /// the caps when <paramref name="card"/> (the holder's card in a live session) is given.
    /// </summary>
    /// <exception cref="ArgumentException">The key or bill is malformed.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key was used for a different request.</exception>
    /// <exception cref="SettlementInProgressException">A call with the key is running.</exception>
    /// <exception cref="OfflineLimitExceededException">The centre is unreachable and offline settlement is not allowed for this one.</exception>
    /// <exception cref="SettleOutcomeUnknownException">The centre may have settled and could not be asked to reverse; ask again with the same key later.</exception>
    /// <exception cref="CentreRejectedException">The centre refused the settlement.</exception>
    /// <exception cref="JournalUnavailableException">The journal cannot store the call; nothing was acknowledged.</exception>
    public async Task<SettlementOutcome> SettleAsync(
        string clientId, string idempotencyKey, SettlementSubject subject, SettlementBill bill, IOfflineCardWriter? card, CancellationToken cancellationToken)
    {
        CheckKey(clientId, idempotencyKey);
        CheckBill(subject, bill);
        var hash = RequestHash(SettlementCall.Settle, ((int)subject.CertificateType).ToString(CultureInfo.InvariantCulture), subject.CertificateNumber,
            ((int)bill.Scenario).ToString(CultureInfo.InvariantCulture), bill.TotalFen.ToString(CultureInfo.InvariantCulture),
            Convert.ToHexString(bill.LineItemHash.Span), bill.VisitId ?? "", bill.MedicalType, bill.InsuranceType);
        using var running = Run(clientId, idempotencyKey);
        var fresh = new SettlementCall(clientId, idempotencyKey, SettlementCall.Settle, hash, false, Now(), subject.HolderKey, (int)bill.Scenario, bill.TotalFen, _newId());
        var (call, existed) = await BeginAsync(fresh, cancellationToken);
        if (existed)
        {
            if (call.Operation != SettlementCall.Settle || !CryptographicOperations.FixedTimeEquals(call.RequestHash, hash))
            {
                throw new IdempotencyKeyReusedException(idempotencyKey);
            }
            if (call.Completed)
            {
                return Outcome(call) with { Replayed = true };
            }
            if (await ResolveUnfinishedAsync(call, cancellationToken) is { } resolved)
            {
                return resolved with { Replayed = true };
            }
            (call, _) = await BeginAsync(fresh, cancellationToken);
        }
        return await SettleOnlineOrOfflineAsync(call, subject, bill, card, cancellationToken);
    }

    /// <summary>Cancels (2208 / 2103) the settlement made under <paramref name="settlementKey"/>, once per idempotency key.</summary>
    /// <exception cref="SettlementNotFoundException">This client has no completed settlement with that key.</exception>
    /// <exception cref="SettlementNotReversibleException">It was settled offline, or already reversed under another key.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key was used for a different request.</exception>
    /// <exception cref="SettlementInProgressException">A call with the key is running.</exception>
    /// <exception cref="CentreUnavailableException">The centre cannot be reached; nothing was changed.</exception>
    /// <exception cref="CentreRejectedException">The centre refused the cancellation.</exception>
    public async Task<ReversalOutcome> ReverseAsync(string clientId, string idempotencyKey, string settlementKey, CancellationToken cancellationToken)
    {
        CheckKey(clientId, idempotencyKey);
        CheckKey(clientId, settlementKey);
        var hash = RequestHash(SettlementCall.Reverse, settlementKey);
        using var running = Run(clientId, idempotencyKey);
        var settle = await _journal.Calls.FindAsync(clientId, settlementKey, cancellationToken);
        if (settle is not { Operation: SettlementCall.Settle, Completed: true })
        {
            throw new SettlementNotFoundException(settlementKey);
        }
        var fresh = new SettlementCall(clientId, idempotencyKey, SettlementCall.Reverse, hash, false, Now(), settle.HolderKey, settle.Scenario, 0, _newId())
        {
            TargetKey = settlementKey,
            PersonNo = settle.PersonNo,
            SettlementId = settle.SettlementId,
        };
        var (call, existed) = await BeginAsync(fresh, cancellationToken);
        if (existed)
        {
            if (call.Operation != SettlementCall.Reverse || !CryptographicOperations.FixedTimeEquals(call.RequestHash, hash))
            {
                throw new IdempotencyKeyReusedException(idempotencyKey);
            }
            if (call.Completed)
            {
                return Reversal(call) with { Replayed = true };
            }
        }
        if (settle.Offline || settle.SettlementId is null || settle.PersonNo is null)
        {
            await ForgetAsync(call);
            throw new SettlementNotReversibleException(
                $"Settlement {settlementKey} was made offline (journal record {settle.JournalSequence}); it is cancelled at the centre once uploaded.");
        }
        if (settle.ReversedBy is { } other && other != idempotencyKey)
        {
            await ForgetAsync(call);
            throw new SettlementNotReversibleException($"Settlement {settlementKey} was already reversed under key {other}.");
        }
        CancellationReceipt receipt;
        try
        {
            receipt = await _centre.CancelSettlementAsync((SettlementScenario)settle.Scenario, new SettlementCancellation(settle.PersonNo, settle.SettlementId), cancellationToken);
        }
        catch (Exception e) when (e is CentreRejectedException or CentreUnavailableException { NeverDelivered: true } or OperationCanceledException)
        {
            await ForgetAsync(call);
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
        await _journal.Calls.CompleteReversalAsync(completed, settle, CancellationToken.None);
        LogReversed(settlementKey, receipt.Refunded.TotalFen);
        return Reversal(completed);
    }

    /// <summary>
    /// The holder's account balance at the centre (when reachable) and their settlements on this terminal, by every
    /// client. Keys belong to their client: a settlement another client made is listed without its idempotency key and
    /// without the key of its reversal.
    /// </summary>
    public async Task<AccountSummary> QueryAccountAsync(string clientId, SettlementSubject subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(subject);
        var recent = await _journal.Calls.RecentAsync(subject.HolderKey, RecentLimit, cancellationToken);
        var outcomes = recent
            .Select(call => call.ClientId == clientId ? Outcome(call) : Outcome(call) with { IdempotencyKey = "", ReversedBy = null })
            .ToList();
        try
        {
            var person = await _centre.GetPersonInfoAsync(Query(subject), cancellationToken);
            var insurance = person.Insurances.FirstOrDefault(i => i.InsuranceType == "310") ?? (person.Insurances.Count > 0 ? person.Insurances[0] : null);
            return new AccountSummary(true, insurance?.AccountBalanceFen, outcomes);
        }
        catch (Exception e) when (e is CentreUnavailableException or CentreProtocolException)
        {
            return new AccountSummary(false, null, outcomes);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _offlineGate.Dispose();
    }

    private async Task<SettlementOutcome> SettleOnlineOrOfflineAsync(
        SettlementCall call, SettlementSubject subject, SettlementBill bill, IOfflineCardWriter? card, CancellationToken cancellationToken)
    {
        Exception offlineBecause;
        try
        {
            var person = await _centre.GetPersonInfoAsync(Query(subject), cancellationToken);
            var msgId = _centre.NextMessageId();
            call = call with { MsgId = msgId, PersonNo = person.PersonNo };
            await _journal.Calls.SetMessageAsync(call, msgId, person.PersonNo, cancellationToken);
            var receipt = await _centre.SettleAsync(bill.Scenario, Request(person.PersonNo, subject, bill) with { MsgId = msgId }, cancellationToken);
            var completed = call with
            {
                Completed = true,
                SettlementId = receipt.SettlementId,
                Amounts = receipt.Amounts,
                BalanceAfterFen = receipt.AccountBalanceAfterFen,
                CompletedAtMs = Now(),
            };
            // The centre has settled: store the answer even if the caller has gone, so a retry with the key gets it.
            await _journal.Calls.CompleteAsync(completed, CancellationToken.None);
            LogSettled(call.Key, "online", bill.TotalFen);
            return Outcome(completed);
        }
        catch (Exception e) when (e is CentreUnavailableException or CentreProtocolException or SettleReversedException)
        {
            offlineBecause = e;
        }
        catch (Exception e) when (e is CentreRejectedException or OperationCanceledException)
        {
            // Nothing stands at the centre (a cancelled settle was reversed by the adapter): the key is free again.
            await ForgetAsync(call);
            throw;
        }
        LogGoingOffline(call.Key, offlineBecause.Message);
        return await SettleOfflineAsync(call, subject, bill, card, offlineBecause, cancellationToken);
    }

    private async Task<SettlementOutcome> SettleOfflineAsync(
        SettlementCall call, SettlementSubject subject, SettlementBill bill, IOfflineCardWriter? card, Exception cause, CancellationToken cancellationToken)
    {
        var amounts = PaymentSplit.FromPersonalAccount(bill.TotalFen);
        var draft = new JournalDraft(
            call.RecordId, _policy.TerminalId, JournalKind.OfflineMedicalSettlement, amounts, bill.LineItemHash,
            ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, subject.Personal)
        { AwaitsCard = true };
        draft.EnsureValid();
        long sequence;
        await _offlineGate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var refusal = await OfflineRefusalAsync(call, bill, card, now, cancellationToken);
            if (refusal is { } limit)
            {
                await ForgetAsync(call);
                throw new OfflineLimitExceededException(limit.Limit, limit.Message, cause);
            }
            sequence = await _journal.Calls.AppendOfflineRecordAsync(call, draft, cancellationToken);
        }
        finally
        {
            _offlineGate.Release();
        }
        // Committed: from here the caller's cancellation no longer applies, only the card write's own time limit.
        var cardWritten = await WriteCardAsync(call, sequence, amounts, card!);
        var completed = call with
        {
            Completed = true,
            Offline = true,
            JournalSequence = sequence,
            Amounts = amounts,
            CompletedAtMs = Now(),
            CardWritten = cardWritten,
        };
        await _journal.Calls.CompleteAsync(completed, CancellationToken.None);
        LogSettled(call.Key, "offline", bill.TotalFen);
        return Outcome(completed);
    }

    private async Task<(OfflineLimit Limit, string Message)?> OfflineRefusalAsync(
        SettlementCall call, SettlementBill bill, IOfflineCardWriter? card, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_policy.OfflineEnabled)
        {
            return (OfflineLimit.Disabled, "The centre cannot be reached and offline settlement is switched off.");
        }
        if (_policy.OfflineScenarios.Count > 0 && !_policy.OfflineScenarios.Contains(bill.Scenario))
        {
            return (OfflineLimit.Scenario, $"The centre cannot be reached and {bill.Scenario} may not settle offline.");
        }
        if (card is null)
        {
            return (OfflineLimit.CardRequired, "The centre cannot be reached and offline settlement needs the card in a reader.");
        }
        if (bill.TotalFen > _policy.OfflineMaxPerTransactionFen)
        {
            return (OfflineLimit.PerTransaction, $"The centre cannot be reached and {bill.TotalFen} fen is above the offline cap of {_policy.OfflineMaxPerTransactionFen} fen per settlement.");
        }
        var local = now.ToOffset(ChinaStandardTime);
        var dayStart = new DateTimeOffset(local.Date, ChinaStandardTime);
        var (cardToday, terminalPending) = await _journal.Calls.OfflineTotalsAsync(call.HolderKey, dayStart, dayStart.AddDays(1), cancellationToken);
        if (cardToday + bill.TotalFen > _policy.OfflineMaxPerCardPerDayFen)
        {
            return (OfflineLimit.PerCardPerDay, $"The centre cannot be reached and this card has settled {cardToday} fen offline today; the cap is {_policy.OfflineMaxPerCardPerDayFen} fen.");
        }
        if (terminalPending + bill.TotalFen > _policy.OfflineMaxTerminalPendingFen)
        {
            return (OfflineLimit.TerminalTotal, $"The centre cannot be reached and this terminal holds {terminalPending} fen not yet uploaded; the cap is {_policy.OfflineMaxTerminalPendingFen} fen.");
        }
        return null;
    }

    private async Task<bool> WriteCardAsync(SettlementCall call, long sequence, PaymentSplit amounts, IOfflineCardWriter card)
    {
        using var timeout = new CancellationTokenSource(_policy.CardWriteTimeout, _time);
        try
        {
            var proof = await card.WriteAsync(new OfflineCardEntry(_policy.TerminalId, _time.GetUtcNow(), amounts.AccountFen, amounts.SelfPayFen, amounts.PooledFen), timeout.Token);
            await _journal.ConfirmCardWriteAsync(sequence, proof.Tac, proof.TransactionCounter, CancellationToken.None);
            return true;
        }
        catch (CardWriteUncertainException e)
        {
            // The card may hold it: the journal record stands (the centre settles it), without the card's proof.
            LogCardUncertain(sequence, e.Message);
            await _journal.ConfirmCardWriteAsync(sequence, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
            return false;
        }
        catch (Exception e) when (e is not JournalUnavailableException)
        {
            var reason = e is OperationCanceledException ? $"the card write took longer than {_policy.CardWriteTimeout}" : $"{e.GetType().Name}: {e.Message}";
            await _journal.VoidAsync(sequence, reason.Length > 300 ? reason[..300] : reason, CancellationToken.None);
            await ForgetAsync(call);
            LogVoided(sequence, reason);
            throw;
        }
    }

    /// <summary>
    /// A settle call left unanswered (a crash, a lost answer): completed if its offline record was committed,
    /// otherwise reversed at the centre by its message id (when it got that far) and forgotten. Null when forgotten.
    /// </summary>
    private async Task<SettlementOutcome?> ResolveUnfinishedAsync(SettlementCall call, CancellationToken cancellationToken)
    {
        var record = await _journal.FindAsync(call.RecordId, cancellationToken);
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
            await _journal.Calls.CompleteAsync(completed, cancellationToken);
            LogResolved(call.Key, "completed offline");
            return Outcome(completed);
        }
        if (call.MsgId is { } msgId)
        {
            var reversal = new Reversal(call.PersonNo ?? "", (SettlementScenario)call.Scenario, msgId);
            try
            {
                await _centre.ReverseAsync(reversal, cancellationToken);
            }
            catch (SettlementException e)
            {
                throw new SettleOutcomeUnknownException(reversal, e);
            }
            LogResolved(call.Key, "reversed at the centre");
        }
        await ForgetAsync(call);
        return null;
    }

    private Task<(SettlementCall Call, bool Existed)> BeginAsync(SettlementCall call, CancellationToken cancellationToken) =>
        _journal.Calls.BeginAsync(call, cancellationToken);

    private Task ForgetAsync(SettlementCall call) => _journal.Calls.ForgetAsync(call, CancellationToken.None);

    private RunningCall Run(string clientId, string key) =>
        _running.TryAdd((clientId, key), 0) ? new RunningCall(_running, (clientId, key)) : throw new SettlementInProgressException(key);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static PersonQuery Query(SettlementSubject subject) =>
        new(subject.CertificateType, subject.CertificateNumber) { CardSerialNumber = subject.CardSerialNumber, PersonName = subject.Personal.Name };

    private static SettlementRequest Request(string personNo, SettlementSubject subject, SettlementBill bill) =>
        new(personNo, subject.CertificateType, subject.CertificateNumber, bill.TotalFen)
        {
            VisitId = bill.VisitId,
            MedicalType = bill.MedicalType,
            InsuranceType = bill.InsuranceType,
        };

    private static SettlementOutcome Outcome(SettlementCall call) => new(
        call.Key, call.Offline, call.Amounts, DateTimeOffset.FromUnixTimeMilliseconds(call.CompletedAtMs ?? call.CreatedAtMs))
    {
        SettlementId = call.SettlementId,
        MsgId = call.Offline ? null : call.MsgId,
        AccountBalanceAfterFen = call.BalanceAfterFen,
        JournalSequence = call.JournalSequence,
        RecordId = call.Offline ? call.RecordId : null,
        CardWritten = call.CardWritten,
        ReversedBy = call.ReversedBy,
    };

    private static ReversalOutcome Reversal(SettlementCall call) => new(
        call.Key, call.TargetKey ?? "", call.SettlementId ?? "", call.Amounts, DateTimeOffset.FromUnixTimeMilliseconds(call.CompletedAtMs ?? call.CreatedAtMs));

    private static byte[] RequestHash(params string[] parts) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));

    private static void CheckKey(string clientId, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            throw new ArgumentException($"An idempotency key is 1 to {MaxKeyLength} printable characters.", nameof(key));
        }
    }

    private static void CheckBill(SettlementSubject subject, SettlementBill bill)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(bill);
        if (bill.TotalFen <= 0)
        {
            throw new ArgumentException("A bill's total is a positive number of fen.", nameof(bill));
        }
        if (!Enum.IsDefined(bill.Scenario))
        {
            throw new ArgumentException("Unknown settlement scenario.", nameof(bill));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(subject.CertificateNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject.HolderKey);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement {Key} completed {Mode}, {TotalFen} fen")]
    private partial void LogSettled(string key, string mode, long totalFen);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement {Key}: the centre cannot be reached ({Detail}); trying offline")]
    private partial void LogGoingOffline(string key, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline settlement in journal record {Sequence}: the card may or may not hold it ({Detail}); the record stands without the card's proof")]
    private partial void LogCardUncertain(long sequence, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline settlement in journal record {Sequence} voided: the card write failed ({Reason})")]
    private partial void LogVoided(long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal record {Sequence} was left awaiting its card by a stopped process; released as pending without the card's proof")]
    private partial void LogReleased(long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unfinished settlement {Key} {How}")]
    private partial void LogResolved(string key, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unfinished settlement {Key} cannot be resolved yet: {Detail}")]
    private partial void LogStillUnresolved(string key, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement {Key} reversed, {RefundedFen} fen given back")]
    private partial void LogReversed(string key, long refundedFen);

    private sealed class RunningCall(ConcurrentDictionary<(string Client, string Key), byte> running, (string, string) key) : IDisposable
    {
        public void Dispose() => running.TryRemove(key, out _);
    }
}
