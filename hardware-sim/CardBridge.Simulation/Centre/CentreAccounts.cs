using System.Text.Json.Nodes;
using static CardBridge.Simulation.Centre.CentreWire;

namespace CardBridge.Simulation.Centre;

/// <summary>
/// The simulated centre's people: who they are (1101), the area that insures each (every call for a person must name
/// it), their personal accounts, and the offline records they were charged by (CB01). Runs under the ledger's lock.
/// </summary>
internal sealed class CentreAccounts(SimulatedCentreOptions options)
{
    private readonly Dictionary<string, long> _balances = options.People.ToDictionary(p => p.PersonNo, p => p.AccountBalanceFen, StringComparer.Ordinal);
    private readonly Dictionary<Guid, long> _offlineRecords = [];

    public int AcceptedOfflineRecordCount => _offlineRecords.Count;

    public bool IsOfflineRecordAccepted(Guid recordId) => _offlineRecords.ContainsKey(recordId);

    public long Balance(string personNo) => _balances[personNo];

    public void Charge(string personNo, long fen) => _balances[personNo] -= fen;

    /// <summary>The person with this number, insured in the area the request names.</summary>
    public CentrePerson Person(string personNo, CentreRequest request)
    {
        var person = options.People.FirstOrDefault(p => p.PersonNo == personNo) ?? throw new RefusedException($"unknown person {personNo}");
        return person.InsuredArea == request.InsuredArea
            ? person
            : throw new RefusedException($"insuplc_admdvs {request.InsuredArea} is not the insured area of person {personNo} ({person.InsuredArea})");
    }

    public CentreAnswer PersonInfo(JsonObject data)
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
        return new(new JsonObject
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
                ["insutype"] = person.InsuranceType,
                ["balc"] = Yuan(_balances[person.PersonNo]),
                ["psn_type"] = "11",
                ["psn_insu_stas"] = "1",
                ["cvlserv_flag"] = "0",
                ["insuplc_admdvs"] = person.InsuredArea,
            }),
        });
    }

    public CentreAnswer Upload(JsonObject data)
    {
        if (!Guid.TryParseExact(Text(data, "record_uuid"), "D", out var id))
        {
            throw new RefusedException("record_uuid is not a UUID");
        }
        CentreAnswer Ack(string status, string? reason = null) => new(new JsonObject
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
            _offlineRecords[id] = 0;
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
        _offlineRecords[id] = account;
        return Ack("accepted");
    }
}
