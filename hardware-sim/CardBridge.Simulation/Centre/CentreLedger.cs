using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static CardBridge.Simulation.Centre.CentreWire;

namespace CardBridge.Simulation.Centre;

/// <summary>
/// The simulated centre's books behind one lock: sign-in, a msgid → first answer cache that makes every call idempotent,
/// dispatch by transaction code to the people (<see cref="CentreAccounts"/>), the hospital visits
/// (<see cref="CentreVisits"/>) and the settlements (<see cref="CentreSettlements"/>), the rider-list download (CB02,
/// from <see cref="CentreRiderLists"/>), and the reversal (2601) of any state-changing call by its msgid (a reversal
/// that arrives before its call leaves a tombstone, so the late call is refused). Every committed change is recorded
/// once as a <see cref="CentreTransaction"/>.
/// </summary>
internal sealed class CentreLedger
{
    private readonly CentreRiderLists _riderLists;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly CentreAccounts _accounts;
    private readonly CentreVisits _visits;
    private readonly CentreSettlements _settlements;
    private readonly Dictionary<string, (string InfNo, byte[] Answer)> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Change> _changes = new(StringComparer.Ordinal);
    private readonly List<Change> _changeLog = [];
    private readonly HashSet<string> _reversedMsgIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _signNos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private long _serial;

    public CentreLedger(SimulatedCentreOptions options, TimeProvider time)
    {
        _time = time;
        _riderLists = new(options.RiderListKey, options.Riders);
        _accounts = new CentreAccounts(options);
        _visits = new CentreVisits(_accounts, () => ++_serial);
        _settlements = new CentreSettlements(options, _accounts, _visits, () => ++_serial, time);
    }

    /// <summary>The rider lists the centre publishes (they have their own lock).</summary>
    public CentreRiderLists RiderLists => _riderLists;

    public long AccountBalanceFen(string personNo) => Locked(() => _accounts.Balance(personNo));

    public int ActiveSettlementCount => Locked(() => _settlements.ActiveCount);

    public int AcceptedOfflineRecordCount => Locked(() => _accounts.AcceptedOfflineRecordCount);

    public bool IsSettlementActive(string settlementId) => Locked(() => _settlements.IsActive(settlementId));

    public bool IsOfflineRecordAccepted(Guid recordId) => Locked(() => _accounts.IsOfflineRecordAccepted(recordId));

    public int RequestCount(string infNo) => Locked(() => _requests.GetValueOrDefault(infNo));

    public SimulatedVisit? Visit(string visitId) => Locked(() => _visits.Snapshot(visitId));

    public IReadOnlyList<SimulatedVisit> Visits() => Locked(_visits.Snapshots);

    public IReadOnlyList<CentreTransaction> Transactions() => Locked(() => (IReadOnlyList<CentreTransaction>)[.. _changeLog.Select(c => c.Transaction)]);

    /// <summary>Reads the transaction code of a request body without processing it; null when there is none.</summary>
    public static string? InfNo(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject envelope && envelope["infno"] is JsonValue value && value.TryGetValue<string>(out var infNo)
                ? infNo
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Processes one request body and returns the answer body.</summary>
    public byte[] Handle(ReadOnlySpan<byte> body)
    {
        JsonObject envelope;
        try
        {
            envelope = JsonNode.Parse(body) as JsonObject ?? throw new RefusedException("the request is not a JSON object");
        }
        catch (JsonException)
        {
            return Locked(() => Answer(null, Refusal("the request is not JSON")));
        }
        catch (RefusedException e)
        {
            return Locked(() => Answer(null, Refusal(e.Message)));
        }
        lock (_lock)
        {
            var infNo = Text(envelope, "infno");
            var msgId = Text(envelope, "msgid");
            _requests[infNo] = _requests.GetValueOrDefault(infNo) + 1;
            if (msgId.Length == 0)
            {
                return Answer(null, Refusal("msgid is missing"));
            }
            if (_answers.TryGetValue(msgId, out var first))
            {
                return first.InfNo == infNo ? first.Answer : Answer(msgId, Refusal($"msgid {msgId} was already used for {first.InfNo}"));
            }
            JsonObject result;
            try
            {
                result = Process(envelope, infNo, msgId);
            }
            catch (RefusedException e)
            {
                result = Refusal(e.Message);
            }
            var answer = Answer(msgId, result);
            _answers[msgId] = (infNo, answer);
            return answer;
        }
    }

    private JsonObject Process(JsonObject envelope, string infNo, string msgId)
    {
        if (infNo == "9001")
        {
            var signNo = Serial("SIMSIGN", ++_serial);
            _signNos.Add(signNo);
            return Output(new JsonObject
            {
                ["signinoutb"] = new JsonObject { ["sign_no"] = signNo, ["sign_time"] = Now() },
            });
        }
        if (!_signNos.Contains(Text(envelope, "sign_no")))
        {
            throw new RefusedException("not signed in: sign_no is unknown");
        }
        if (infNo != "2601" && _reversedMsgIds.Contains(msgId))
        {
            throw new RefusedException($"msgid {msgId} was reversed before it arrived");
        }
        var input = envelope["input"] as JsonObject ?? throw new RefusedException("input is missing");
        // The insured area a call names: the person's own (checked by the books), else the treatment area, else the centre's.
        var area = Text(envelope, "insuplc_admdvs") is { Length: > 0 } named ? named
            : Text(envelope, "mdtrtarea_admvs") is { Length: > 0 } treatment ? treatment : CentrePerson.LocalArea;
        var request = new CentreRequest(infNo, msgId, area, input);
        var answer = infNo switch
        {
            "1101" => _accounts.PersonInfo(request.Data),
            "2101" or "2206" => _settlements.Quote(request, inpatient: false),
            "2303" => _settlements.Quote(request, inpatient: true),
            "2102" or "2207" => _settlements.Settle(request, inpatient: false),
            "2304" => _settlements.Settle(request, inpatient: true),
            "2103" or "2208" or "2305" => _settlements.Cancel(request),
            "2201" => _visits.Register(request),
            "2202" => _visits.CancelOpening(request, inpatient: false),
            "2204" => _visits.UploadFees(request, inpatient: false),
            "2205" => _visits.CancelFees(request, inpatient: false),
            "2301" => _visits.UploadFees(request, inpatient: true),
            "2302" => _visits.CancelFees(request, inpatient: true),
            "2401" => _visits.Admit(request),
            "2402" => _visits.Discharge(request),
            "2404" => _visits.CancelOpening(request, inpatient: true),
            "2405" => _visits.CancelDischarge(request),
            "2601" => Reverse(request.Data),
            "CB01" => _accounts.Upload(request.Data),
            "CB02" => new CentreAnswer(_riderLists.Answer(HeldRiderLists(request.Data))),
            _ => throw new RefusedException($"unknown infno {infNo}"),
        };
        if (answer.Undo is { } undo)
        {
            var transaction = new CentreTransaction(infNo, msgId, answer.PersonNo ?? "", area, answer.VisitId, Reversed: false)
            {
                Operator = Text(envelope, "opter"),
            };
            var change = new Change(transaction, undo);
            _changes[msgId] = change;
            _changeLog.Add(change);
        }
        return Output(answer.Output);
    }

    private CentreAnswer Reverse(JsonObject data)
    {
        var original = Text(data, "omsgid");
        var undone = false;
        if (_changes.Remove(original, out var change))
        {
            undone = change.Undo();
            change.Transaction = change.Transaction with { Reversed = undone };
        }
        _reversedMsgIds.Add(original);
        // A repeat of the reversed call must not be answered from the cache with its first answer any more.
        if (_answers.TryGetValue(original, out var first))
        {
            _answers[original] = (first.InfNo, Answer(original, Refusal($"msgid {original} was reversed")));
        }
        return new(new JsonObject { ["omsgid"] = original, ["rvs_stas"] = undone ? "1" : "0" });
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    private static Dictionary<string, string> HeldRiderLists(JsonObject data)
    {
        var held = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data["lists"] is not JsonArray lists)
        {
            throw new RefusedException("lists is missing");
        }
        foreach (var list in lists)
        {
            if (list is not JsonObject entry || Text(entry, "list_name") is not { Length: > 0 } name || !held.TryAdd(name, Text(entry, "list_ver")))
            {
                throw new RefusedException("every lists entry needs a list_name, once");
            }
        }
        return held;
    }

    private byte[] Answer(string? msgId, JsonObject result)
    {
        result["inf_refmsgid"] = string.Create(CultureInfo.InvariantCulture, $"SIMCENTRE{++_serial:D12}");
        result["refmsg_time"] = Now();
        result["respond_time"] = Now();
        result["msgid"] = msgId;
        return JsonSerializer.SerializeToUtf8Bytes(result);
    }

    private string Now() => CardBridge.Cards.ChinaStandardTime.Of(_time.GetUtcNow()).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private sealed class Change(CentreTransaction transaction, Func<bool> undo)
    {
        public CentreTransaction Transaction { get; set; } = transaction;

        public Func<bool> Undo { get; } = undo;
    }
}
