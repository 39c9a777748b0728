using CardBridge.Journal;
using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Centre;
using static CardBridge.Settlement.Tests.Centre.CentreTestBed;

namespace CardBridge.Settlement.Tests.Centre;

[Trait("Category", "Integration")]
public sealed class CentreTransactionTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Sign_in_gives_the_sign_no_sent_on_later_calls()
    {
        await using var bed = Start();

        var signIn = await bed.Adapter.SignInAsync(Ct);
        var person = await bed.Adapter.GetPersonInfoAsync(new PersonQuery(CertificateType.SocialSecurityCard, Card), Ct);

        Assert.StartsWith("SIMSIGN", signIn.SignNo, StringComparison.Ordinal);
        Assert.Equal(Person, person.PersonNo);
        Assert.Equal(1, bed.Sent["9001"]);
    }

    [Fact]
    public async Task First_call_signs_in_by_itself()
    {
        await using var bed = Start();

        await bed.Adapter.GetPersonInfoAsync(new PersonQuery(CertificateType.SocialSecurityCard, Card), Ct);
        await bed.Adapter.GetPersonInfoAsync(new PersonQuery(CertificateType.SocialSecurityCard, Card), Ct);

        Assert.Equal(1, bed.Sent["9001"]);
        Assert.Equal(2, bed.Sent["1101"]);
    }

    [Theory]
    [InlineData(CertificateType.ElectronicVoucher, "SIMECTOKEN0001")]
    [InlineData(CertificateType.IdCard, "SIM11010119900101001X")]
    [InlineData(CertificateType.SocialSecurityCard, "SIMC00000001")]
    public async Task Person_info_finds_the_person_by_each_certificate_type(CertificateType type, string number)
    {
        await using var bed = Start();

        var person = await bed.Adapter.GetPersonInfoAsync(new PersonQuery(type, number), Ct);

        Assert.Equal(Person, person.PersonNo);
        Assert.Equal("测试甲", person.Name);
        Assert.Equal(new DateOnly(1990, 1, 1), person.BirthDate);
        var insurance = Assert.Single(person.Insurances);
        Assert.Equal("310", insurance.InsuranceType);
        Assert.Equal(100_000, insurance.AccountBalanceFen);
    }

    [Fact]
    public async Task Unknown_person_is_a_centre_rejection_with_its_infcode()
    {
        await using var bed = Start();

        var error = await Assert.ThrowsAsync<CentreRejectedException>(
            () => bed.Adapter.GetPersonInfoAsync(new PersonQuery(CertificateType.IdCard, "SIM000000000000000"), Ct));

        Assert.Equal(-1, error.InfCode);
        Assert.Contains("no insured person", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SettlementScenario.Outpatient, "2206")]
    [InlineData(SettlementScenario.Pharmacy, "2101")]
    public async Task Pre_settle_quotes_the_split_and_commits_nothing(SettlementScenario scenario, string infNo)
    {
        await using var bed = Start();

        var quote = await bed.Adapter.PreSettleAsync(scenario, Bill(12_345), Ct);

        Assert.Equal(new PaymentSplit(12_345, AccountFen: 4_938, PooledFen: 7_407, SelfPayFen: 0), quote.Amounts);
        Assert.Equal(100_000 - 4_938, quote.AccountBalanceAfterFen);
        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
        Assert.Equal(1, bed.Sent[infNo]);
    }

    [Fact]
    public async Task Settle_under_a_message_id_taken_beforehand_can_be_reversed_by_it_without_its_answer()
    {
        await using var bed = Start();
        var msgId = bed.Adapter.NextMessageId();

        var receipt = await bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000) with { MsgId = msgId }, Ct);
        var reversal = await bed.Adapter.ReverseAsync(Reversal.OfSettle(Person, SettlementScenario.Outpatient, msgId), Ct);

        Assert.Equal(msgId, receipt.MsgId);
        Assert.NotEqual(msgId, bed.Adapter.NextMessageId());
        Assert.True(reversal.Undone);
        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
    }

    [Theory]
    [InlineData(SettlementScenario.Outpatient, "2207", "2208")]
    [InlineData(SettlementScenario.Pharmacy, "2102", "2103")]
    public async Task Settle_debits_the_account_and_cancel_gives_it_back(SettlementScenario scenario, string settleNo, string cancelNo)
    {
        await using var bed = Start();

        var receipt = await bed.Adapter.SettleAsync(scenario, Bill(10_000), Ct);
        var balanceAfterSettle = bed.Centre.AccountBalanceFen(Person);
        var cancel = await bed.Adapter.CancelSettlementAsync(scenario, new SettlementCancellation(Person, receipt.SettlementId), Ct);

        Assert.Equal(new PaymentSplit(10_000, AccountFen: 4_000, PooledFen: 6_000, SelfPayFen: 0), receipt.Amounts);
        Assert.StartsWith("H99000000001", receipt.MsgId, StringComparison.Ordinal);
        Assert.Equal(30, receipt.MsgId.Length);
        Assert.Equal(96_000, balanceAfterSettle);
        Assert.Equal(96_000, receipt.AccountBalanceAfterFen);
        Assert.Equal(receipt.SettlementId, cancel.SettlementId);
        Assert.Equal(4_000, cancel.Refunded.AccountFen);
        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
        Assert.Equal(0, bed.Centre.ActiveSettlementCount);
        Assert.Equal(1, bed.Sent[settleNo]);
        Assert.Equal(1, bed.Sent[cancelNo]);
    }

    [Fact]
    public async Task Settle_pays_pool_share_then_account_then_cash()
    {
        await using var bed = Start();

        var receipt = await bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000, PoorPerson), Ct);

        Assert.Equal(new PaymentSplit(10_000, AccountFen: 500, PooledFen: 6_000, SelfPayFen: 3_500), receipt.Amounts);
        Assert.Equal(0, bed.Centre.AccountBalanceFen(PoorPerson));
    }

    [Fact]
    public async Task Cancelling_twice_is_rejected_and_refunds_once()
    {
        await using var bed = Start();
        var receipt = await bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(10_000), Ct);
        var cancellation = new SettlementCancellation(Person, receipt.SettlementId);
        await bed.Adapter.CancelSettlementAsync(SettlementScenario.Outpatient, cancellation, Ct);

        await Assert.ThrowsAsync<CentreRejectedException>(
            () => bed.Adapter.CancelSettlementAsync(SettlementScenario.Outpatient, cancellation, Ct));

        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
    }

    [Fact]
    public async Task Reverse_undoes_a_committed_settle_once()
    {
        await using var bed = Start();
        var receipt = await bed.Adapter.SettleAsync(SettlementScenario.Pharmacy, Bill(10_000), Ct);
        var reversal = Reversal.OfSettle(Person, SettlementScenario.Pharmacy, receipt.MsgId);

        var first = await bed.Adapter.ReverseAsync(reversal, Ct);
        var second = await bed.Adapter.ReverseAsync(reversal, Ct);

        Assert.True(first.Undone);
        Assert.False(second.Undone);
        Assert.Equal(receipt.MsgId, first.OriginalMsgId);
        Assert.Equal(100_000, bed.Centre.AccountBalanceFen(Person));
        Assert.Equal(0, bed.Centre.ActiveSettlementCount);
    }

    [Fact]
    public async Task Reversing_a_msgid_the_centre_never_saw_undoes_nothing()
    {
        await using var bed = Start();

        var result = await bed.Adapter.ReverseAsync(Reversal.OfSettle(Person, SettlementScenario.Outpatient, "H99000000001202503010930009999"), Ct);

        Assert.False(result.Undone);
    }

    [Fact]
    public async Task Offline_record_is_accepted_once_then_answered_duplicate()
    {
        await using var bed = Start();
        var record = OfflineRecord(Guid.Parse("6f1c1c9e-3a55-4a4e-9a43-0d5e7f3b2a11"), Card, accountFen: 2_000);

        var first = await bed.Adapter.UploadOfflineRecordAsync(record, Ct);
        var second = await bed.Adapter.UploadOfflineRecordAsync(record, Ct);

        Assert.Equal(new UploadAcknowledgement(record.RecordId, UploadStatus.Accepted, null), first);
        Assert.Equal(new UploadAcknowledgement(record.RecordId, UploadStatus.DuplicateAlreadyAccepted, null), second);
        Assert.Equal(98_000, bed.Centre.AccountBalanceFen(Person));
        Assert.Equal(1, bed.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task Offline_record_of_an_unknown_card_is_rejected_with_the_centre_reason()
    {
        await using var bed = Start();
        var record = OfflineRecord(Guid.Parse("0b9e7c55-4d31-4bde-8d55-5b0a1c2e3f40"), "SIMC99999999", accountFen: 2_000);

        var acknowledgement = await bed.Adapter.UploadOfflineRecordAsync(record, Ct);

        Assert.Equal(UploadStatus.Rejected, acknowledgement.Status);
        Assert.Equal("unknown card", acknowledgement.Reason);
        Assert.Equal(0, bed.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task Offline_upload_retried_after_a_lost_answer_is_applied_once()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "CB01"));
        var record = OfflineRecord(Guid.Parse("9d0d7b2e-8a5c-4f61-b0e1-2c3d4e5f6a7b"), Card, accountFen: 3_000);

        var acknowledgement = await bed.Adapter.UploadOfflineRecordAsync(record, Ct);

        Assert.Equal(UploadStatus.Accepted, acknowledgement.Status);
        Assert.Equal(2, bed.Sent["CB01"]);
        Assert.Equal(97_000, bed.Centre.AccountBalanceFen(Person));
        Assert.Equal(1, bed.Centre.AcceptedOfflineRecordCount);
    }

    private static OfflineRecordUpload OfflineRecord(Guid id, string card, long accountFen) => new(
        id,
        Sequence: 7,
        TerminalId: "SIMTERM01",
        PersonNo: Person,
        CardNumber: card,
        SettledAt: new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(8)),
        Amounts: new PaymentSplit(accountFen + 1_000, AccountFen: accountFen, PooledFen: 0, SelfPayFen: 1_000),
        Tac: "A1B2C3D4",
        LineItemHash: "00112233445566778899AABBCCDDEEFF");
}
