using CardBridge.Api.V1;
using CardBridge.Service.Tests.Journal;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Centre;
using Grpc.Core;

namespace CardBridge.Service.Tests.Settlement;

/// <summary>SettlementService over a real gRPC channel: the service in simulator mode with its simulated centre, card and PSAM.</summary>
public sealed class SettlementOverGrpcTests
{
    private const string Pin = "123456";
    private const string PersonNo = "SIMPSN-" + JournalRig.CardNumber;
    private const long OpeningBalanceFen = 100_000;

    private static readonly CardTarget Card = new() { Reader = ServiceRig.Reader0 };

    private static CallOptions Teller => JournalRig.Teller.Options;

    private static SettlementService.SettlementServiceClient Client(JournalRig rig) => new(rig.Rig.Channel);

    private static Task<JournalRig> StartAsync(params (string Key, string? Value)[] settings) =>
        JournalRig.StartAsync(null, [("Centre:MaxRetries", "0"), .. settings]);

    private static SettleRequest Settle(string key, long totalFen, string? pin = Pin)
    {
        var request = new SettleRequest
        {
            IdempotencyKey = key,
            Credential = new SettlementCredential { Card = Card },
            Bill = new Bill { Scenario = SettlementScenario.Outpatient, TotalFen = totalFen },
            Purpose = "outpatient bill",
        };
        if (pin is not null)
        {
            request.Pin = pin;
        }
        return request;
    }

    private static async Task<SettleResponse> SettleAsync(JournalRig rig, string key, long totalFen)
    {
        await rig.Rig.SessionInAsync(ServiceRig.Reader0, JournalRig.AdminWithIdentity.Key);
        return await Client(rig).SettleAsync(Settle(key, totalFen), Teller);
    }

    [Fact]
    public async Task Online_settle_with_the_card_and_PIN_charges_the_centre_once_and_a_repeated_key_answers_the_first_result()
    {
        await using var rig = await StartAsync();

        var first = await SettleAsync(rig, "his-0001", 10_000);
        var again = await Client(rig).SettleAsync(Settle("his-0001", 10_000), Teller);

        Assert.False(first.Offline);
        Assert.False(first.Replayed);
        Assert.NotEmpty(first.SettlementId);
        Assert.Equal(new Amounts { TotalFen = 10_000, FundFen = 6_000, AccountFen = 4_000, CashFen = 0 }, first.Amounts);
        Assert.Equal(OpeningBalanceFen - 4_000, first.AccountBalanceAfterFen);
        Assert.True(again.Replayed);
        Assert.Equal(first.SettlementId, again.SettlementId);
        Assert.Equal(1, rig.Centre.ActiveSettlementCount);
        Assert.Equal(OpeningBalanceFen - 4_000, rig.Centre.AccountBalanceFen(PersonNo));
    }

    [Fact]
    public async Task A_key_reused_for_another_bill_is_ALREADY_EXISTS_and_settles_nothing()
    {
        await using var rig = await StartAsync();
        await SettleAsync(rig, "his-0001", 10_000);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).SettleAsync(Settle("his-0001", 20_000), Teller).ResponseAsync);

        var info = ApiKeyClient.AssertError(error, StatusCode.AlreadyExists, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal("his-0001", info.Metadata["idempotency_key"]);
        Assert.Equal(1, rig.Centre.ActiveSettlementCount);
    }

    [Fact]
    public async Task Wrong_PIN_is_WRONG_PIN_with_tries_left_and_nothing_reaches_the_centre()
    {
        await using var rig = await StartAsync();
        await rig.Rig.SessionInAsync(ServiceRig.Reader0, JournalRig.AdminWithIdentity.Key);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).SettleAsync(Settle("his-0001", 10_000, pin: "654321"), Teller).ResponseAsync);
        var retried = await Client(rig).SettleAsync(Settle("his-0001", 10_000), Teller);

        var info = ApiKeyClient.AssertError(error, StatusCode.FailedPrecondition, "WRONG_PIN");
        Assert.Equal("2", info.Metadata["tries_left"]);
        Assert.False(retried.Replayed);
        Assert.Equal(1, rig.Centre.ActiveSettlementCount);
    }

    [Fact]
    public async Task A_card_settlement_without_PIN_entry_is_INVALID_REQUEST_when_the_PIN_is_required()
    {
        await using var rig = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).SettleAsync(Settle("his-0001", 10_000, pin: null), Teller).ResponseAsync);

        Assert.Equal("pin_entry", ApiKeyClient.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
        Assert.Equal(0, rig.Centre.RequestCount("2207"));
    }

    [Fact]
    public async Task With_the_centre_down_the_settlement_goes_to_the_journal_and_the_card_and_answers_offline()
    {
        await using var rig = await StartAsync();
        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));

        var offline = await SettleAsync(rig, "his-0001", 3_000);

        Assert.True(offline.Offline);
        Assert.True(offline.CardWritten);
        Assert.Equal(new Amounts { TotalFen = 3_000, AccountFen = 3_000 }, offline.Amounts);
        var listed = await rig.Client.ListAsync(new ListJournalRecordsRequest(), JournalRig.Admin.Options);
        var record = Assert.Single(listed.Records);
        Assert.Equal(offline.JournalSequence, record.Sequence);
        Assert.Equal(offline.RecordId, record.Uuid);
        Assert.Equal("999900000001", record.TerminalId);
        Assert.True(record.TacPresent);
    }

    [Fact]
    public async Task Offline_outside_the_caps_is_OFFLINE_LIMIT_EXCEEDED_naming_the_limit_and_writes_nothing()
    {
        await using var rig = await StartAsync(("Settlement:OfflineMaxPerTransactionFen", "5000"));
        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        await rig.Rig.SessionInAsync(ServiceRig.Reader0, JournalRig.AdminWithIdentity.Key);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).SettleAsync(Settle("his-0001", 5_001), Teller).ResponseAsync);

        Assert.Equal("per_transaction", ApiKeyClient.AssertError(error, StatusCode.FailedPrecondition, "OFFLINE_LIMIT_EXCEEDED").Metadata["limit"]);
        Assert.Equal(0, (await rig.Client.StatsAsync(new JournalStatsRequest(), JournalRig.Admin.Options)).LastSequence);
    }

    [Fact]
    public async Task Outage_then_recovery_drains_the_offline_settlements_in_order_and_the_centre_totals_match()
    {
        // After the outage the terminal probes the centre again once the breaker's break is over.
        await using var rig = await StartAsync(("Centre:BreakDuration", "00:00:00.500"));
        await SettleAsync(rig, "his-online-1", 10_000);
        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        long[] offlineAmounts = [1_200, 3_400, 560];
        var offline = new List<SettleResponse>();
        for (var i = 0; i < offlineAmounts.Length; i++)
        {
            offline.Add(await Client(rig).SettleAsync(Settle($"his-offline-{i}", offlineAmounts[i]), Teller));
        }
        rig.Centre.ClearFaults();

        var uploaded = 0;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (uploaded < offlineAmounts.Length)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), patience.Token);
            uploaded += (await rig.Client.UploadNowAsync(new UploadNowRequest(), JournalRig.Admin.Options)).Round.Uploaded;
        }
        var online = await Client(rig).SettleAsync(Settle("his-online-2", 10_000), Teller);

        Assert.All(offline, o => Assert.True(o.Offline));
        Assert.Equal([1L, 2L, 3L], offline.Select(o => o.JournalSequence));
        Assert.Equal(3, uploaded);
        Assert.Equal(3, rig.Centre.AcceptedOfflineRecordCount);
        Assert.False(online.Offline);
        Assert.Equal(2, rig.Centre.ActiveSettlementCount);
        Assert.Equal(OpeningBalanceFen - 4_000 - offlineAmounts.Sum() - 4_000, rig.Centre.AccountBalanceFen(PersonNo));
        var stats = await rig.Client.StatsAsync(new JournalStatsRequest(), JournalRig.Admin.Options);
        Assert.Equal((0L, 3L), (stats.PendingCount, stats.UploadedCount));
    }

    [Fact]
    public async Task A_settle_the_centre_committed_but_whose_answer_was_lost_is_reversed_never_charged_twice()
    {
        await using var rig = await StartAsync();
        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2207"));

        var settled = await SettleAsync(rig, "his-0001", 10_000);
        var replayed = await Client(rig).SettleAsync(Settle("his-0001", 10_000), Teller);
        await rig.Client.UploadNowAsync(new UploadNowRequest(), JournalRig.Admin.Options);

        Assert.True(settled.Offline);
        Assert.True(replayed.Replayed);
        Assert.Equal(1, rig.Centre.RequestCount("2601"));
        Assert.Equal(0, rig.Centre.ActiveSettlementCount);
        Assert.Equal(1, rig.Centre.AcceptedOfflineRecordCount);
        Assert.Equal(OpeningBalanceFen - 10_000, rig.Centre.AccountBalanceFen(PersonNo));
    }

    [Fact]
    public async Task An_e_voucher_settles_online_but_cannot_settle_offline()
    {
        await using var rig = await StartAsync();
        var voucher = new SettleRequest
        {
            IdempotencyKey = "his-ec-1",
            Credential = new SettlementCredential { EVoucherToken = "SIMEC-" + JournalRig.CardNumber },
            Bill = new Bill { Scenario = SettlementScenario.Pharmacy, TotalFen = 2_000 },
            Purpose = "pharmacy",
        };

        var online = await Client(rig).SettleAsync(voucher, Teller);
        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        voucher.IdempotencyKey = "his-ec-2";
        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).SettleAsync(voucher, Teller).ResponseAsync);

        Assert.False(online.Offline);
        Assert.Equal("card_required", ApiKeyClient.AssertError(error, StatusCode.FailedPrecondition, "OFFLINE_LIMIT_EXCEEDED").Metadata["limit"]);
    }

    [Fact]
    public async Task Reverse_refunds_an_online_settlement_and_refuses_offline_ones_and_unknown_keys()
    {
        await using var rig = await StartAsync();
        var settled = await SettleAsync(rig, "his-0001", 10_000);
        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        await Client(rig).SettleAsync(Settle("his-0002", 1_000), Teller);
        rig.Centre.ClearFaults();

        var reversed = await Client(rig).ReverseAsync(new ReverseRequest { IdempotencyKey = "undo-1", SettlementIdempotencyKey = "his-0001", Purpose = "refund" }, Teller);
        var offline = await Assert.ThrowsAsync<RpcException>(() => Client(rig).ReverseAsync(
            new ReverseRequest { IdempotencyKey = "undo-2", SettlementIdempotencyKey = "his-0002", Purpose = "refund" }, Teller).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client(rig).ReverseAsync(
            new ReverseRequest { IdempotencyKey = "undo-3", SettlementIdempotencyKey = "his-9999", Purpose = "refund" }, Teller).ResponseAsync);

        Assert.Equal(settled.SettlementId, reversed.SettlementId);
        Assert.Equal(10_000, reversed.Refunded.TotalFen);
        Assert.Equal(0, rig.Centre.ActiveSettlementCount);
        Assert.Equal(OpeningBalanceFen, rig.Centre.AccountBalanceFen(PersonNo));
        ApiKeyClient.AssertError(offline, StatusCode.FailedPrecondition, "SETTLEMENT_NOT_REVERSIBLE");
        ApiKeyClient.AssertError(unknown, StatusCode.NotFound, "SETTLEMENT_NOT_FOUND");
    }

    [Fact]
    public async Task QueryAccount_gives_the_centre_balance_and_the_holders_settlements_newest_first()
    {
        await using var rig = await StartAsync();
        await SettleAsync(rig, "his-0001", 10_000);
        await Client(rig).SettleAsync(Settle("his-0002", 5_000), Teller);

        var account = await Client(rig).QueryAccountAsync(new QueryAccountRequest { Credential = new SettlementCredential { Card = Card }, Purpose = "balance" }, Teller);
        rig.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        var offline = await Client(rig).QueryAccountAsync(new QueryAccountRequest { Credential = new SettlementCredential { Card = Card }, Purpose = "balance" }, Teller);

        Assert.True(account.CentreReachable);
        Assert.Equal(OpeningBalanceFen - 6_000, account.AccountBalanceFen);
        Assert.Equal(["his-0002", "his-0001"], account.Recent.Select(r => r.IdempotencyKey));
        Assert.False(offline.CentreReachable);
        Assert.False(offline.HasAccountBalanceFen);
        Assert.Equal(2, offline.Recent.Count);
    }

    [Fact]
    public async Task QueryAccount_with_a_card_adds_the_cards_own_records_the_log_only_with_the_PIN()
    {
        await using var rig = await StartAsync();
        await rig.Rig.SessionInAsync(ServiceRig.Reader0, JournalRig.AdminWithIdentity.Key);
        QueryAccountRequest Query() => new() { Credential = new SettlementCredential { Card = Card }, Purpose = "kiosk account query" };

        var basics = await Client(rig).QueryAccountAsync(Query(), Teller);
        var withPin = Query();
        withPin.Pin = Pin;
        var whole = await Client(rig).QueryAccountAsync(withPin, Teller);
        var wrongPin = Query();
        wrongPin.Pin = "000000";
        var wrong = await Assert.ThrowsAsync<RpcException>(() => Client(rig).QueryAccountAsync(wrongPin, Teller).ResponseAsync);
        var voucher = new QueryAccountRequest { Credential = new SettlementCredential { EVoucherToken = "token" }, Purpose = "balance", Pin = Pin };
        var notACard = await Assert.ThrowsAsync<RpcException>(() => Client(rig).QueryAccountAsync(voucher, Teller).ResponseAsync);

        Assert.True(basics.CentreReachable);
        Assert.Equal("310", basics.CardRecords.InsuranceType);
        Assert.False(basics.CardRecords.PinVerified);
        Assert.Empty(basics.CardRecords.Transactions);
        Assert.True(whole.CardRecords.PinVerified);
        Assert.Equal(2, whole.CardRecords.Transactions.Count);
        Assert.Equal(OpeningBalanceFen, whole.AccountBalanceFen);
        ApiKeyClient.AssertError(wrong, StatusCode.FailedPrecondition, "WRONG_PIN");
        Assert.Equal("pin", ApiKeyClient.AssertError(notACard, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }

    [Theory]
    [InlineData("", 100, "idempotency_key")]
    [InlineData("key", 0, "bill.total_fen")]
    [InlineData("key", -1, "bill.total_fen")]
    public async Task Malformed_settle_requests_are_INVALID_REQUEST_naming_the_field(string key, long totalFen, string field)
    {
        await using var rig = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).SettleAsync(Settle(key, totalFen), Teller).ResponseAsync);

        Assert.Equal(field, ApiKeyClient.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
        Assert.Equal(0, rig.Centre.RequestCount("1101"));
    }

    [Fact]
    public async Task A_malformed_card_session_id_in_a_settle_is_INVALID_REQUEST_naming_credential_card_session_id()
    {
        await using var rig = await StartAsync();
        var request = Settle("his-bad-target", 100);
        request.Credential.Card = new CardTarget { SessionId = "not-a-session" };

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).SettleAsync(request, Teller).ResponseAsync);

        Assert.Equal("credential.card.session_id", ApiKeyClient.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }

    [Theory]
    [InlineData("", "his-0001", "idempotency_key")]
    [InlineData("undo-1", "", "settlement_idempotency_key")]
    [InlineData("undo-1", "bad\u0001key", "settlement_idempotency_key")]
    public async Task Malformed_reverse_requests_are_INVALID_REQUEST_naming_the_field(string key, string settlementKey, string field)
    {
        await using var rig = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).ReverseAsync(
            new ReverseRequest { IdempotencyKey = key, SettlementIdempotencyKey = settlementKey, Purpose = "refund" }, Teller).ResponseAsync);

        Assert.Equal(field, ApiKeyClient.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }

    [Fact]
    public async Task A_bill_with_a_short_line_item_hash_is_INVALID_REQUEST_naming_it_and_settles_nothing()
    {
        await using var rig = await StartAsync();
        var request = Settle("his-bad-hash", 100);
        request.Bill.LineItemHash = Google.Protobuf.ByteString.CopyFrom(new byte[16]);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(rig).SettleAsync(request, Teller).ResponseAsync);

        Assert.Equal("bill.line_item_hash", ApiKeyClient.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
        Assert.Equal(0, rig.Centre.RequestCount("1101"));
    }
}
