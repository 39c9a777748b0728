using System.Globalization;
using CardBridge.Simulation.Http;

namespace CardBridge.Simulation.Centre;

/// <summary>
/// The simulated medical-insurance centre: an HTTP/1.1 server on 127.0.0.1 speaking the DESIGN §9 envelope (one
/// request per connection, any path), with accounts, sign-in, msgid idempotency, hospital visits (registration,
/// admission, fee details, discharge), settlement rules per insured area, reversal (2601) of any change, offline-record
/// upload by UUID, the fare gates' rider lists (CB02, changed at runtime by
/// <see cref="AddToRiderList"/> / <see cref="RemoveFromRiderList"/>) and runtime fault injection. Start it in process on port 0 and read <see cref="Port"/>.
/// </summary>
public sealed class SimulatedCentre : IAsyncDisposable
{
    private const int MaxHeaderBytes = 32 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private readonly CentreLedger _ledger;
    private readonly CentreRiderLists _riderLists;
    private readonly TimeProvider _time;
    private readonly LoopbackHttpServer _server;
    private readonly Lock _lock = new();
    private readonly List<CentreFaultRule> _faults = [];

    private SimulatedCentre(SimulatedCentreOptions options, TimeProvider time)
    {
        _ledger = new CentreLedger(options, time);
        _riderLists = _ledger.RiderLists;
        _time = time;
        _server = new LoopbackHttpServer(MaxHeaderBytes, MaxBodyBytes, ServeAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port => _server.Port;

    /// <summary>The URL to post envelopes to.</summary>
    public Uri ServiceUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/fsi/api/rsfComIfsService/callService"));

    /// <summary>How many settlements are in effect (committed, neither cancelled nor reversed).</summary>
    public int ActiveSettlementCount => _ledger.ActiveSettlementCount;

    /// <summary>How many offline records the centre accepted (each once).</summary>
    public int AcceptedOfflineRecordCount => _ledger.AcceptedOfflineRecordCount;

    /// <summary>Starts listening on 127.0.0.1.</summary>
    public static SimulatedCentre Start(SimulatedCentreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var centre = new SimulatedCentre(options, time ?? TimeProvider.System);
        centre._server.Listen(options.Port);
        return centre;
    }

    /// <summary>The personal account balance of a person, in fen.</summary>
    public long AccountBalanceFen(string personNo) => _ledger.AccountBalanceFen(personNo);

    /// <summary>Whether the settlement with this <c>setl_id</c> is in effect (committed, neither cancelled nor reversed).</summary>
    public bool IsSettlementActive(string settlementId) => _ledger.IsSettlementActive(settlementId);

    /// <summary>A hospital visit (registration or admission) as the centre holds it; null when it opened none with this id.</summary>
    public SimulatedVisit? Visit(string visitId) => _ledger.Visit(visitId);

    /// <summary>Every hospital visit the centre opened, in no particular order.</summary>
    public IReadOnlyList<SimulatedVisit> Visits() => _ledger.Visits();

    /// <summary>Every state-changing call the centre committed, in order, each once (a repeated msgid is answered, not recorded again).</summary>
    public IReadOnlyList<CentreTransaction> Transactions() => _ledger.Transactions();

    /// <summary>Whether the centre accepted the offline record with this UUID.</summary>
    public bool IsOfflineRecordAccepted(Guid recordId) => _ledger.IsOfflineRecordAccepted(recordId);

    /// <summary>How many requests with this transaction code reached the centre's books (faults that answer without processing are not counted).</summary>
    public int RequestCount(string infNo) => _ledger.RequestCount(infNo);

    /// <summary>
    /// How many injected faults are still waiting for a request (a fault limited by <see cref="CentreFaultRule.Times"/>
    /// is used up when the centre has received the matching request): 0 after a one-time <see cref="CentreFault.Slow"/>
    /// means the centre is holding that request.
    /// </summary>
    public int PendingFaultCount
    {
        get
        {
            lock (_lock)
            {
                return _faults.Count;
            }
        }
    }

    /// <summary>The version the centre publishes of a rider list; null when it publishes none of that name.</summary>
    public string? RiderListVersion(string list) => _riderLists.Version(list);

    /// <summary>Publishes a change: puts the card on the list (created when new) under a new version, which it returns.</summary>
    public string AddToRiderList(string list, string cardNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cardNumber);
        return _riderLists.Add(list, cardNumber);
    }

    /// <summary>Publishes a change: takes the card off the list under a new version, which it returns.</summary>
    public string RemoveFromRiderList(string list, string cardNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cardNumber);
        return _riderLists.Remove(list, cardNumber);
    }

    /// <summary>The list entry the centre publishes for a card number (HMAC under its list key).</summary>
    public string RiderListEntry(string cardNumber) => _riderLists.Entry(cardNumber);

    /// <summary>Adds a fault; <see cref="CentreFault.Down"/> stops listening at once.</summary>
    public void InjectFault(CentreFaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            if (rule.Fault == CentreFault.Down)
            {
                _server.StopListening();
                return;
            }
            _faults.Add(rule);
        }
    }

    /// <summary>Removes every fault; a centre that was down listens again on the same port.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
            _server.Resume();
        }
    }

    /// <summary>Stops listening and waits for open connections to finish.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(LoopbackRequest? request, LoopbackExchange exchange, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            await exchange.AnswerAsync(400, "text/plain", "bad request"u8.ToArray(), cancellationToken);
            return;
        }
        var fault = TakeFault(CentreLedger.InfNo(request.Body));
        switch (fault?.Fault)
        {
            case CentreFault.ServerError:
                await exchange.AnswerAsync(500, "text/plain", "centre failure"u8.ToArray(), cancellationToken);
                return;
            case CentreFault.MalformedJson:
                var malformed = fault.Body ?? SimulatedCentreOptions.TruncatedEnvelope;
                await exchange.AnswerAsync(200, "application/json", malformed.ToArray(), cancellationToken);
                return;
            case CentreFault.Slow:
                await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(5), _time, _server.Stopping);
                break;
            default:
                break;
        }
        var answer = _ledger.Handle(request.Body);
        if (fault?.Fault == CentreFault.CommitThenDrop)
        {
            // Committed, now lose the answer: reset the connection instead of replying.
            exchange.DropWithoutAnswer();
            return;
        }
        await exchange.AnswerAsync(200, "application/json", answer, cancellationToken);
    }

    private CentreFaultRule? TakeFault(string? infNo)
    {
        lock (_lock)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var rule = _faults[i];
                if (rule.OnlyInfNo is not null && rule.OnlyInfNo != infNo)
                {
                    continue;
                }
                if (rule.Times is { } times)
                {
                    if (times <= 1)
                    {
                        _faults.RemoveAt(i);
                    }
                    else
                    {
                        _faults[i] = rule with { Times = times - 1 };
                    }
                }
                return rule;
            }
            return null;
        }
    }
}
