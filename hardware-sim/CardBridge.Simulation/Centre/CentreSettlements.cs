using System.Text.Json.Nodes;
using static CardBridge.Simulation.Centre.CentreWire;

namespace CardBridge.Simulation.Centre;

/// <summary>
/// The simulated centre's settlements: pre-settle and settle (2206/2207, 2101/2102, 2303/2304) and their cancellation
/// (2208, 2103, 2305). A bill on a visit the centre opened is its unsettled fee details and must add up to them; any
/// other bill is all in scope. The split follows the person's insured area's <see cref="AreaRules"/>: deductible,
/// pooled fund share, its ceiling per person (the simulator lives within one year), and the large-expense (employees,
/// 310) or serious-illness (residents) fund above it; then the personal account as far as it goes, then cash. Runs
/// under the ledger's lock.
/// </summary>
internal sealed class CentreSettlements(SimulatedCentreOptions options, CentreAccounts accounts, CentreVisits visits, Func<long> nextSerial, TimeProvider time)
{
    private readonly Dictionary<string, Settlement> _settlements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _fundPaid = new(StringComparer.Ordinal);

    public int ActiveCount => _settlements.Values.Count(s => s.State == State.Active);

    public bool IsActive(string settlementId) => _settlements.TryGetValue(settlementId, out var s) && s.State == State.Active;

    public CentreAnswer Quote(CentreRequest request, bool inpatient) => new(new JsonObject { ["setlinfo"] = Info(Price(request, inpatient), null) });

    public CentreAnswer Settle(CentreRequest request, bool inpatient)
    {
        var bill = Price(request, inpatient);
        var settlement = new Settlement(Serial("SIMSETL", nextSerial()), bill);
        _settlements[settlement.Id] = settlement;
        Apply(settlement, +1);
        return new(new JsonObject { ["setlinfo"] = Info(bill, settlement.Id) }, bill.Person.PersonNo, bill.Visit?.Id, () => Leave(settlement, State.Reversed));
    }

    public CentreAnswer Cancel(CentreRequest request)
    {
        var data = request.Data;
        var id = Text(data, "setl_id");
        if (!_settlements.TryGetValue(id, out var settlement) || settlement.State != State.Active)
        {
            throw new RefusedException($"settlement {id} is not in effect");
        }
        accounts.Person(settlement.Bill.Person.PersonNo, request);
        if (settlement.Bill.Visit is { } visit && Text(data, "mdtrt_id") is { Length: > 0 } named && named != visit.Id)
        {
            throw new RefusedException($"settlement {id} is not visit {named}'s");
        }
        Leave(settlement, State.Cancelled);
        return new(new JsonObject { ["setlinfo"] = Info(settlement.Bill, settlement.Id) }, settlement.Bill.Person.PersonNo, settlement.Bill.Visit?.Id, () =>
        {
            if (settlement.State != State.Cancelled)
            {
                return false;
            }
            settlement.State = State.Active;
            Apply(settlement, +1);
            return true;
        });
    }

    private Bill Price(CentreRequest request, bool inpatient)
    {
        var data = request.Data;
        var person = accounts.Person(Text(data, "psn_no"), request);
        var total = Fen(data, "medfee_sumamt");
        if (total <= 0)
        {
            throw new RefusedException("medfee_sumamt must be positive");
        }
        var visitId = Text(data, "mdtrt_id");
        var visit = visitId.Length > 0 ? visits.Find(visitId) : null;
        if (inpatient && visit is null)
        {
            throw new RefusedException($"no stay {visitId}");
        }
        var inScope = total;
        var ownPay = 0L;
        if (visit is not null)
        {
            Check(visit, person, inpatient);
            var fees = visit.Unsettled.ToList();
            if (fees.Sum(f => f.TotalFen) != total)
            {
                throw new RefusedException($"medfee_sumamt {Yuan(total)} is not the {Yuan(fees.Sum(f => f.TotalFen))} of visit {visit.Id}'s unsettled fee details");
            }
            ownPay = fees.Sum(f => f.OwnPayFen);
            inScope = total - ownPay;
        }
        var rules = options.Areas.GetValueOrDefault(person.InsuredArea) ?? AreaRules.Plain(options.PoolShareBasisPoints);
        var deductible = Math.Min(rules.DeductibleFen, inScope);
        var wanted = (inScope - deductible) * rules.PoolShareBasisPoints / 10_000;
        var fund = rules.CeilingFen is { } ceiling ? Math.Min(wanted, Math.Max(0, ceiling - _fundPaid.GetValueOrDefault(person.PersonNo))) : wanted;
        var aboveCeiling = (wanted - fund) * rules.AboveCeilingBasisPoints / 10_000;
        var personal = total - fund - aboveCeiling;
        var balance = accounts.Balance(person.PersonNo);
        var account = Text(data, "acct_used_flag") == "1" ? Math.Min(Math.Max(balance, 0), personal) : 0;
        return new Bill(person, visit, total, ownPay, inScope, deductible, fund, aboveCeiling, account, personal - account, balance - account);
    }

    private static void Check(CentreVisits.Visit visit, CentrePerson person, bool inpatient)
    {
        if (visit.PersonNo != person.PersonNo || visit.Inpatient != inpatient)
        {
            throw new RefusedException($"visit {visit.Id} is not this person's {(inpatient ? "stay" : "outpatient visit")}");
        }
        if (visit.State == CentreVisits.VisitState.Cancelled || visit.SettlementId is not null)
        {
            throw new RefusedException($"visit {visit.Id} is cancelled or settled already");
        }
    }

    private bool Leave(Settlement settlement, State to)
    {
        if (settlement.State != State.Active)
        {
            return false;
        }
        settlement.State = to;
        Apply(settlement, -1);
        return true;
    }

    // Takes (+1) or gives back (−1) the settlement's account payment and pooled-fund use, and binds its visit's fees.
    private void Apply(Settlement settlement, int sign)
    {
        var bill = settlement.Bill;
        accounts.Charge(bill.Person.PersonNo, sign * bill.AccountFen);
        _fundPaid[bill.Person.PersonNo] = _fundPaid.GetValueOrDefault(bill.Person.PersonNo) + sign * bill.FundFen;
        if (bill.Visit is { } visit)
        {
            visit.SettlementId = sign > 0 ? settlement.Id : null;
            foreach (var fee in sign > 0 ? visit.Unsettled.ToList() : visit.Fees.Values.Where(f => f.SettlementId == settlement.Id).ToList())
            {
                fee.SettlementId = sign > 0 ? settlement.Id : null;
            }
        }
    }

    private JsonObject Info(Bill bill, string? settlementId)
    {
        var employee = bill.Person.InsuranceType == "310";
        return new()
        {
            ["setl_id"] = settlementId,
            ["mdtrt_id"] = bill.Visit?.Id,
            ["psn_no"] = bill.Person.PersonNo,
            ["setl_time"] = CardBridge.Cards.ChinaStandardTime.Of(time.GetUtcNow()).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["medfee_sumamt"] = Yuan(bill.TotalFen),
            ["fulamt_ownpay_amt"] = Yuan(bill.OwnPayFen),
            ["overlmt_selfpay"] = 0m,
            ["preselfpay_amt"] = 0m,
            ["inscp_scp_amt"] = Yuan(bill.InScopeFen),
            ["act_pay_dedc"] = Yuan(bill.DeductibleFen),
            ["hifp_pay"] = Yuan(bill.FundFen),
            ["cvlserv_pay"] = 0m,
            ["hifes_pay"] = 0m,
            ["hifmi_pay"] = Yuan(employee ? 0 : bill.AboveCeilingFen),
            ["hifob_pay"] = Yuan(employee ? bill.AboveCeilingFen : 0),
            ["maf_pay"] = 0m,
            ["oth_pay"] = 0m,
            ["fund_pay_sumamt"] = Yuan(bill.FundFen + bill.AboveCeilingFen),
            ["psn_part_amt"] = Yuan(bill.AccountFen + bill.CashFen),
            ["acct_pay"] = Yuan(bill.AccountFen),
            ["psn_cash_pay"] = Yuan(bill.CashFen),
            ["hosp_part_amt"] = 0m,
            ["acct_mulaid_pay"] = 0m,
            ["balc"] = Yuan(bill.BalanceAfterFen),
        };
    }

    private enum State
    {
        Active,
        Cancelled,
        Reversed,
    }

    private sealed record Bill(
        CentrePerson Person, CentreVisits.Visit? Visit, long TotalFen, long OwnPayFen, long InScopeFen, long DeductibleFen, long FundFen,
        long AboveCeilingFen, long AccountFen, long CashFen, long BalanceAfterFen);

    private sealed class Settlement(string id, Bill bill)
    {
        public string Id { get; } = id;

        public Bill Bill { get; } = bill;

        public State State { get; set; } = State.Active;
    }
}
