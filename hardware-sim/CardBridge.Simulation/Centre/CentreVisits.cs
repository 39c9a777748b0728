using System.Text.Json.Nodes;
using static CardBridge.Simulation.Centre.CentreWire;

namespace CardBridge.Simulation.Centre;

/// <summary>
/// The simulated centre's hospital visits: outpatient registration (2201, cancelled by 2202), inpatient admission
/// (2401, 2404), discharge (2402, 2405), and each visit's fee details (2204/2301 upload, 2205/2302 cancel; a serial
/// number once per visit). Every change answers with its undo, for a reversal (2601). Runs under the ledger's lock.
/// </summary>
internal sealed class CentreVisits(CentreAccounts accounts, Func<long> nextSerial)
{
    // List codes the simulator's catalogue marks wholly self-paid (自费).
    private const string SelfPayPrefix = "ZF";

    private readonly Dictionary<string, Visit> _visits = new(StringComparer.Ordinal);

    public SimulatedVisit? Snapshot(string visitId) => _visits.TryGetValue(visitId, out var visit) ? visit.Snapshot() : null;

    public IReadOnlyList<SimulatedVisit> Snapshots() => [.. _visits.Values.Select(v => v.Snapshot())];

    /// <summary>The visit a settlement names, when the centre opened it; null for a visit id it does not know (a plain bill).</summary>
    public Visit? Find(string visitId) => _visits.GetValueOrDefault(visitId);

    public CentreAnswer Register(CentreRequest request)
    {
        var data = request.Data;
        var visit = Open(request, data, inpatient: false, Text(data, "ipt_otp_no"));
        return new(new JsonObject
        {
            ["data"] = new JsonObject { ["mdtrt_id"] = visit.Id, ["psn_no"] = visit.PersonNo, ["ipt_otp_no"] = visit.HospitalNo },
        }, visit.PersonNo, visit.Id, () => Unopen(visit));
    }

    public CentreAnswer Admit(CentreRequest request)
    {
        var info = Object(request.Input, "mdtrtinfo");
        if (Array(request.Input, "diseinfo").Count == 0)
        {
            throw new RefusedException("an admission needs its diagnosis (diseinfo)");
        }
        var visit = Open(request, info, inpatient: true, Text(info, "ipt_no"));
        return new(new JsonObject { ["result"] = new JsonObject { ["mdtrt_id"] = visit.Id } }, visit.PersonNo, visit.Id, () => Unopen(visit));
    }

    public CentreAnswer Discharge(CentreRequest request)
    {
        var info = Object(request.Input, "dscginfo");
        var visit = Named(request, info, inpatient: true);
        Require(visit.State == VisitState.Open, $"stay {visit.Id} is {visit.State}, not open");
        return Changed(visit, VisitState.Discharged);
    }

    /// <summary>2202 (outpatient) or 2404 (inpatient): the visit closes unused, once nothing is settled or left unsettled on it.</summary>
    public CentreAnswer CancelOpening(CentreRequest request, bool inpatient)
    {
        var visit = Named(request, request.Data, inpatient);
        Require(visit.State == VisitState.Open, $"visit {visit.Id} is {visit.State}, not open");
        Require(visit.SettlementId is null, $"visit {visit.Id} has settlement {visit.SettlementId} in effect: cancel it first");
        Require(!visit.Unsettled.Any(), $"visit {visit.Id} has unsettled fee details: cancel them first");
        return Changed(visit, VisitState.Cancelled);
    }

    /// <summary>2405: the stay is open again, once its settlement is cancelled.</summary>
    public CentreAnswer CancelDischarge(CentreRequest request)
    {
        var visit = Named(request, request.Data, inpatient: true);
        Require(visit.State == VisitState.Discharged, $"stay {visit.Id} is {visit.State}, not discharged");
        Require(visit.SettlementId is null, $"stay {visit.Id} has settlement {visit.SettlementId} in effect: cancel it first");
        return Changed(visit, VisitState.Open);
    }

    public CentreAnswer UploadFees(CentreRequest request, bool inpatient)
    {
        var items = Array(request.Input, "feedetail");
        Require(items.Count > 0, "feedetail is empty");
        var fees = new List<Fee>();
        Visit? visit = null;
        foreach (var node in items)
        {
            var item = node as JsonObject ?? throw new RefusedException("a feedetail entry is not an object");
            visit ??= Named(request, item, inpatient);
            Require(Text(item, "mdtrt_id") == visit.Id, "every detail of a batch belongs to one visit");
            Require(visit.State != VisitState.Cancelled && visit.SettlementId is null, $"visit {visit.Id} takes no more fee details");
            var serial = Text(item, "feedetl_sn");
            Require(serial.Length is > 0 and <= 30, "feedetl_sn must be 1 to 30 characters");
            Require(!visit.Fees.ContainsKey(serial) && fees.TrueForAll(f => f.Serial != serial), $"feedetl_sn {serial} was already uploaded for visit {visit.Id}");
            var total = Fen(item, "det_item_fee_sumamt");
            var quantity = Number(item, "cnt");
            var price = Number(item, "pric");
            Require(total >= 0 && quantity > 0 && Math.Round(price * quantity, 2, MidpointRounding.AwayFromZero) == total / 100m,
                $"det_item_fee_sumamt of {serial} is not cnt × pric");
            var ownPay = Text(item, "med_list_codg").StartsWith(SelfPayPrefix, StringComparison.Ordinal) ? total : 0;
            fees.Add(new Fee(serial, total, ownPay));
        }
        foreach (var fee in fees)
        {
            visit!.Fees.Add(fee.Serial, fee);
        }
        var result = new JsonArray([.. fees.Select(f => (JsonNode)new JsonObject
        {
            ["feedetl_sn"] = f.Serial,
            ["det_item_fee_sumamt"] = Yuan(f.TotalFen),
            ["fulamt_ownpay_amt"] = Yuan(f.OwnPayFen),
            ["overlmt_amt"] = 0m,
            ["preselfpay_amt"] = 0m,
            ["inscp_scp_amt"] = Yuan(f.TotalFen - f.OwnPayFen),
            ["chrgitm_lv"] = f.OwnPayFen > 0 ? "03" : "01",
        })]);
        return new(new JsonObject { ["result"] = result }, visit!.PersonNo, visit.Id, () =>
        {
            // A detail settled since cannot be taken back by reversing its upload.
            var undone = fees.Where(f => f.SettlementId is null).ToList();
            undone.ForEach(f => visit.Fees.Remove(f.Serial));
            return undone.Count > 0;
        });
    }

    // 2205 names the charge batch, 2302 the serial numbers; "0000" is every detail not settled yet.
    public CentreAnswer CancelFees(CentreRequest request, bool inpatient)
    {
        var entries = inpatient
            ? [.. Array(request.Input, "data").Select(n => n as JsonObject ?? throw new RefusedException("a data entry is not an object"))]
            : new List<JsonObject> { request.Data };
        Require(entries.Count > 0, "data is empty");
        var visit = Named(request, entries[0], inpatient);
        var all = entries.Any(e => Text(e, inpatient ? "feedetl_sn" : "chrg_bchno") == "0000");
        var removed = visit.Fees.Values
            .Where(f => f.SettlementId is null && (all || entries.Any(e => Text(e, "feedetl_sn") == f.Serial)))
            .ToList();
        foreach (var fee in removed)
        {
            visit.Fees.Remove(fee.Serial);
        }
        return new(new JsonObject(), visit.PersonNo, visit.Id, () =>
        {
            var back = removed.Where(f => !visit.Fees.ContainsKey(f.Serial)).ToList();
            back.ForEach(f => visit.Fees.Add(f.Serial, f));
            return back.Count > 0;
        });
    }

    private Visit Open(CentreRequest request, JsonObject data, bool inpatient, string hospitalNo)
    {
        var person = accounts.Person(Text(data, "psn_no"), request);
        Require(Text(data, "insutype") == person.InsuranceType, $"person {person.PersonNo} does not hold insurance {Text(data, "insutype")}");
        Require(hospitalNo.Length > 0, inpatient ? "ipt_no is missing" : "ipt_otp_no is missing");
        var visit = new Visit(Serial("SIMMDTRT", nextSerial()), person.PersonNo, person.InsuredArea, inpatient, hospitalNo);
        _visits.Add(visit.Id, visit);
        return visit;
    }

    private Visit Named(CentreRequest request, JsonObject data, bool inpatient)
    {
        var id = Text(data, "mdtrt_id");
        var visit = _visits.GetValueOrDefault(id) ?? throw new RefusedException($"no visit {id}");
        accounts.Person(visit.PersonNo, request);
        Require(Text(data, "psn_no") == visit.PersonNo, $"visit {id} is not person {Text(data, "psn_no")}'s");
        Require(visit.Inpatient == inpatient, $"visit {id} is {(visit.Inpatient ? "an inpatient stay" : "an outpatient visit")}");
        return visit;
    }

    private static CentreAnswer Changed(Visit visit, VisitState to)
    {
        var from = visit.State;
        visit.State = to;
        return new(new JsonObject(), visit.PersonNo, visit.Id, () =>
        {
            if (visit.State != to)
            {
                return false;
            }
            visit.State = from;
            return true;
        });
    }

    // A visit's opening reversed: gone, unless something was done on it since.
    private static bool Unopen(Visit visit)
    {
        if (visit.State != VisitState.Open || visit.Fees.Count > 0)
        {
            return false;
        }
        visit.State = VisitState.Cancelled;
        return true;
    }

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new RefusedException(reason);
        }
    }

    internal enum VisitState
    {
        Open,
        Discharged,
        Cancelled,
    }

    internal sealed record Fee(string Serial, long TotalFen, long OwnPayFen)
    {
        public string? SettlementId { get; set; }
    }

    internal sealed class Visit(string id, string personNo, string insuredArea, bool inpatient, string hospitalNo)
    {
        public string Id { get; } = id;

        public string PersonNo { get; } = personNo;

        public string InsuredArea { get; } = insuredArea;

        public bool Inpatient { get; } = inpatient;

        public string HospitalNo { get; } = hospitalNo;

        public VisitState State { get; set; }

        // Insertion-ordered: a serial number's place is its upload order.
        public OrderedDictionary<string, Fee> Fees { get; } = new(StringComparer.Ordinal);

        public string? SettlementId { get; set; }

        public IEnumerable<Fee> Unsettled => Fees.Values.Where(f => f.SettlementId is null);

        public SimulatedVisit Snapshot() => new(
            Id, PersonNo, InsuredArea, Inpatient, State.ToString().ToLowerInvariant(), [.. Fees.Keys], Fees.Values.Sum(f => f.TotalFen), SettlementId);
    }
}
