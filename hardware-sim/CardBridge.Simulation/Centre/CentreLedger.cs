using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CardBridge.Simulation.Centre;

/// <summary>
/// The simulated centre's books and transaction logic, behind one lock: accounts per person, committed settlements,
/// reversals by msgid (a reversal that arrives before its settle leaves a tombstone, so the late settle is refused),
/// offline records by UUID, the rider-list download (CB02, from <see cref="CentreRiderLists"/>), and a msgid → first answer cache that makes every call idempotent.
/// </summary>
internal sealed class CentreLedger(SimulatedCentreOptions options, TimeProvider time)
{
    private readonly CentreRiderLists _riderLists = new(options.RiderListKey, options.Riders);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _balances = options.People.ToDictionary(p => p.PersonNo, p => p.AccountBalanceFen, StringComparer.Ordinal);
    private readonly Dictionary<string, (string InfNo, byte[] Answer)> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Settlement> _settlementsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Settlement> _settlementsByMsgId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reversedMsgIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _signNos = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, OfflineRecord> _offlineRecords = [];
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private long _serial;

    /// <summary>The rider lists the centre publishes (they have their own lock).</summary>
    public CentreRiderLists RiderLists => _riderLists;

    public long AccountBalanceFen(string personNo)
    {
        lock (_lock)
        {
            return _balances[personNo];
        }
    }

    public int ActiveSettlementCount
    {
        get
        {
            lock (_lock)
            {
                return _settlementsById.Values.Count(s => s.State == SettlementState.Active);
            }
        }
    }

    public int AcceptedOfflineRecordCount
    {
        get
        {
            lock (_lock)
            {
                return _offlineRecords.Count;
            }
        }
    }

    public bool IsSettlementActive(string settlementId)
    {
        lock (_lock)
        {
            return _settlementsById.TryGetValue(settlementId, out var settlement) && settlement.State == SettlementState.Active;
        }
    }

    public bool IsOfflineRecordAccepted(Guid recordId)
    {
        lock (_lock)
        {
            return _offlineRecords.ContainsKey(recordId);
        }
    }

    public int RequestCount(string infNo)
    {
        lock (_lock)
        {
            return _requests.GetValueOrDefault(infNo);
        }
    }

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
            return Answer(null, Refusal("the request is not JSON"));
        }
        catch (RefusedException e)
        {
            return Answer(null, Refusal(e.Message));
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
            var signNo = string.Create(CultureInfo.InvariantCulture, $"SIMSIGN{++_serial:D8}");
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
        var input = envelope["input"] as JsonObject ?? throw new RefusedException("input is missing");
        var data = input["data"] as JsonObject ?? throw new RefusedException("input.data is missing");
        return infNo switch
        {
            "1101" => PersonInfo(data),
            "2206" or "2101" => Output(new JsonObject { ["setlinfo"] = SettlementInfo(SplitBill(data), null) }),
            "2207" or "2102" => Settle(data, msgId),
            "2208" or "2103" => Cancel(data),
            "2601" => Reverse(data),
            "CB01" => Upload(data),
            "CB02" => Output(_riderLists.Answer(HeldRiderLists(data))),
            _ => throw new RefusedException($"unknown infno {infNo}"),
        };
    }

    private JsonObject PersonInfo(JsonObject data)
    {
        var type = Text(data, "mdtrt_cert_type");
        var number = Text(data, "mdtrt_cert_no");
        var person = options.People.FirstOrDefault(p => type switch
        {
            "01" => p.VoucherToken == number,
            "02" => p.IdNumber == number,
            "03" => p.CardNumber == number,
            _ => false,
        }) ?? throw new RefusedException("no insured person with this certificate");
        return Output(new JsonObject
        {
            ["baseinfo"] = new JsonObject
            {
                ["psn_no"] = person.PersonNo,
                ["psn_cert_type"] = "01",
                ["certno"] = person.IdNumber,
                ["psn_name"] = person.Name,
                ["gend"] = "9",
                ["brdy"] = "1990-01-01",
            },
            ["insuinfo"] = new JsonArray(new JsonObject
            {
                ["insutype"] = "310",
                ["balc"] = Yuan(_balances[person.PersonNo]),
                ["psn_type"] = "11",
                ["insuplc_admdvs"] = "110000",
            }),
        });
    }

    private JsonObject Settle(JsonObject data, string msgId)
    {
        if (_reversedMsgIds.Contains(msgId))
        {
            throw new RefusedException($"msgid {msgId} was reversed before it arrived");
        }
        var split = SplitBill(data);
        _balances[split.PersonNo] -= split.AccountFen;
        var settlement = new Settlement(string.Create(CultureInfo.InvariantCulture, $"SIMSETL{++_serial:D8}"), msgId, split);
        _settlementsById[settlement.Id] = settlement;
        _settlementsByMsgId[msgId] = settlement;
        return Output(new JsonObject { ["setlinfo"] = SettlementInfo(split, settlement.Id) });
    }

    private JsonObject Cancel(JsonObject data)
    {
        var id = Text(data, "setl_id");
        if (!_settlementsById.TryGetValue(id, out var settlement) || settlement.State != SettlementState.Active)
        {
            throw new RefusedException($"settlement {id} is not in effect");
        }
        settlement.State = SettlementState.Cancelled;
        _balances[settlement.Split.PersonNo] += settlement.Split.AccountFen;
        return Output(new JsonObject { ["setlinfo"] = SettlementInfo(settlement.Split, settlement.Id) });
    }

    private JsonObject Reverse(JsonObject data)
    {
        var original = Text(data, "omsgid");
        var undone = false;
        if (_settlementsByMsgId.TryGetValue(original, out var settlement) && settlement.State == SettlementState.Active)
        {
            settlement.State = SettlementState.Reversed;
            _balances[settlement.Split.PersonNo] += settlement.Split.AccountFen;
            undone = true;
        }
        _reversedMsgIds.Add(original);
        // A repeat of the reversed settle must not be answered "settled" from the cache any more.
        if (_answers.TryGetValue(original, out var first))
        {
            _answers[original] = (first.InfNo, Answer(original, Refusal($"msgid {original} was reversed")));
        }
        return Output(new JsonObject { ["omsgid"] = original, ["rvs_stas"] = undone ? "1" : "0" });
    }

    private JsonObject Upload(JsonObject data)
    {
        if (!Guid.TryParseExact(Text(data, "record_uuid"), "D", out var id))
        {
            throw new RefusedException("record_uuid is not a UUID");
        }
        JsonObject Ack(string status, string? reason = null) => Output(new JsonObject
        {
            ["record_uuid"] = id.ToString("D"),
            ["ack_stas"] = status,
            ["reason"] = reason,
        });
        if (_offlineRecords.ContainsKey(id))
        {
            return Ack("duplicate");
        }
        if (data["record_kind"]?.GetValue<string>() == "transit-ride")
        {
            // A gate's ride: free and refused rides carry 0, so only the sign is checked; no person is looked up.
            if (Fen(data, "medfee_sumamt") < 0)
            {
                return Ack("rejected", "negative fare");
            }
            _offlineRecords[id] = new OfflineRecord(id, "", 0);
            return Ack("accepted");
        }
        var person = options.People.FirstOrDefault(p => p.CardNumber == Text(data, "card_no"));
        if (person is null)
        {
            return Ack("rejected", "unknown card");
        }
        var total = Fen(data, "medfee_sumamt");
        var fund = Fen(data, "fund_pay_sumamt");
        var account = Fen(data, "acct_pay");
        var cash = Fen(data, "psn_cash_pay");
        if (total <= 0 || fund < 0 || account < 0 || cash < 0 || fund + account + cash != total)
        {
            return Ack("rejected", "amounts do not add up");
        }
        if (account > _balances[person.PersonNo])
        {
            return Ack("rejected", "account balance too low");
        }
        _balances[person.PersonNo] -= account;
        _offlineRecords[id] = new OfflineRecord(id, person.PersonNo, account);
        return Ack("accepted");
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

    private Split SplitBill(JsonObject data)
    {
        var personNo = Text(data, "psn_no");
        if (!_balances.TryGetValue(personNo, out var balance))
        {
            throw new RefusedException($"unknown person {personNo}");
        }
        var total = Fen(data, "medfee_sumamt");
        if (total <= 0)
        {
            throw new RefusedException("medfee_sumamt must be positive");
        }
        var fund = total * options.PoolShareBasisPoints / 10_000;
        var rest = total - fund;
        var account = Text(data, "acct_used_flag") == "1" ? Math.Min(Math.Max(balance, 0), rest) : 0;
        return new Split(personNo, total, fund, account, rest - account, balance - account);
    }

    private static JsonObject SettlementInfo(Split split, string? settlementId) => new()
    {
        ["setl_id"] = settlementId,
        ["psn_no"] = split.PersonNo,
        ["medfee_sumamt"] = Yuan(split.TotalFen),
        ["fund_pay_sumamt"] = Yuan(split.FundFen),
        ["hifp_pay"] = Yuan(split.FundFen),
        ["acct_pay"] = Yuan(split.AccountFen),
        ["psn_cash_pay"] = Yuan(split.CashFen),
        ["balc"] = Yuan(split.BalanceAfterFen),
    };

    private static JsonObject Output(JsonObject output) => new() { ["infcode"] = 0, ["err_msg"] = "", ["output"] = output };

    private static JsonObject Refusal(string reason) => new() { ["infcode"] = -1, ["err_msg"] = reason, ["output"] = null };

    private byte[] Answer(string? msgId, JsonObject result)
    {
        result["inf_refmsgid"] = string.Create(CultureInfo.InvariantCulture, $"SIMCENTRE{++_serial:D12}");
        result["refmsg_time"] = Now();
        result["respond_time"] = Now();
        result["msgid"] = msgId;
        return JsonSerializer.SerializeToUtf8Bytes(result);
    }

    private string Now() => CardBridge.Cards.ChinaStandardTime.Of(time.GetUtcNow()).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static decimal Yuan(long fen) => fen / 100m;

    private static string Text(JsonObject parent, string name) =>
        parent[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static long Fen(JsonObject parent, string name)
    {
        if (parent[name] is not JsonValue value || !value.TryGetValue<decimal>(out var yuan) || Math.Abs(yuan) > 1_000_000_000m)
        {
            throw new RefusedException($"{name} is not an amount");
        }
        var fen = yuan * 100m;
        return fen == decimal.Truncate(fen) ? (long)fen : throw new RefusedException($"{name} has a fraction of a fen");
    }

    private enum SettlementState
    {
        Active,
        Cancelled,
        Reversed,
    }

    private sealed record Split(string PersonNo, long TotalFen, long FundFen, long AccountFen, long CashFen, long BalanceAfterFen);

    private sealed class Settlement(string id, string msgId, Split split)
    {
        public string Id { get; } = id;

        public string MsgId { get; } = msgId;

        public Split Split { get; } = split;

        public SettlementState State { get; set; } = SettlementState.Active;
    }

    private sealed record OfflineRecord(Guid Id, string PersonNo, long AccountFen);

    private sealed class RefusedException(string message) : Exception(message);
}
