using System.Text.Json;
using System.Text.Json.Nodes;
using CardBridge.Simulation.Centre;

namespace CardBridge.Simulation.Tests.Centre;

public sealed class CentreLedgerStateTests
{
    private const string Person = "SIMPSN0001";
    private const string Card = "SIMC00000001";

    private readonly CentreLedger _ledger = new(new SimulatedCentreOptions(), TimeProvider.System);

    [Fact]
    public void A_committed_settlement_is_active_until_reversed_by_its_msgid()
    {
        var signNo = SignIn();
        var settled = Send("2207", "SETTLE01", signNo, new JsonObject { ["psn_no"] = Person, ["medfee_sumamt"] = 3.00m, ["acct_used_flag"] = "1" });
        var settlementId = settled["output"]!["setlinfo"]!["setl_id"]!.GetValue<string>();

        var activeAfterSettle = _ledger.IsSettlementActive(settlementId);
        Send("2601", "REVERSE01", signNo, new JsonObject { ["psn_no"] = Person, ["oinfno"] = "2207", ["omsgid"] = "SETTLE01" });

        Assert.True(activeAfterSettle);
        Assert.False(_ledger.IsSettlementActive(settlementId));
        Assert.False(_ledger.IsSettlementActive("SIMSETL99999999"));
    }

    [Fact]
    public void An_offline_record_is_accepted_once_by_its_uuid_and_others_are_not()
    {
        var signNo = SignIn();
        var record = Guid.NewGuid();

        var answer = Send("CB01", "UPLOAD01", signNo, new JsonObject
        {
            ["record_uuid"] = record.ToString("D"),
            ["card_no"] = Card,
            ["medfee_sumamt"] = 2.50m,
            ["fund_pay_sumamt"] = 0m,
            ["acct_pay"] = 2.50m,
            ["psn_cash_pay"] = 0m,
        });

        Assert.Equal("accepted", answer["output"]!["ack_stas"]!.GetValue<string>());
        Assert.True(_ledger.IsOfflineRecordAccepted(record));
        Assert.False(_ledger.IsOfflineRecordAccepted(Guid.NewGuid()));
    }

    private string SignIn() => Send("9001", "SIGNIN01", "", new JsonObject())["output"]!["signinoutb"]!["sign_no"]!.GetValue<string>();

    private JsonNode Send(string infNo, string msgId, string signNo, JsonObject data)
    {
        var envelope = new JsonObject
        {
            ["infno"] = infNo,
            ["msgid"] = msgId,
            ["sign_no"] = signNo,
            ["input"] = new JsonObject { ["data"] = data },
        };
        var answer = JsonNode.Parse(_ledger.Handle(JsonSerializer.SerializeToUtf8Bytes(envelope)))!;
        Assert.Equal(0, answer["infcode"]!.GetValue<int>());
        return answer;
    }
}
