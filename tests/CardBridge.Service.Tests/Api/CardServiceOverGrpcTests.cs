using CardBridge.Api.V1;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Profiles;
using Grpc.Core;

namespace CardBridge.Service.Tests.Api;

/// <summary>CardService over gRPC: the bank account reference by scope, and the card's own DF04 records by PIN.</summary>
public sealed class CardServiceOverGrpcTests
{
    private const string Pan = "6217990007000001";
    private static readonly ApiKeyClient Masked = new("payout-masked", "bank.masked");
    private static readonly ApiKeyClient Full = new("payout-full", "bank.full");
    private static readonly ApiKeyClient Kiosk = new("kiosk", "medical.read");

    private static Task<ServiceRig> StartAsync(params (string, string?)[] settings) =>
        ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(Masked, Full, Kiosk), .. settings]);

    private static CardService.CardServiceClient Cards(ServiceRig rig) => new(rig.Channel);

    private static ReadBankAccountRequest Bank(string session) =>
        new() { Target = new CardTarget { SessionId = session }, Purpose = "benefit payout" };

    private static ReadMedicalRecordsRequest Medical(string session) =>
        new() { Target = new CardTarget { SessionId = session }, Purpose = "kiosk" };

    [Fact]
    public async Task Bank_masked_sees_the_PAN_masked_and_bank_full_sees_it_whole_with_the_expiry()
    {
        await using var rig = await StartAsync();
        var session = await rig.InitialSessionAsync();

        var masked = await Cards(rig).ReadBankAccountAsync(Bank(session), Masked.Options);
        var full = await Cards(rig).ReadBankAccountAsync(Bank(session), Full.Options);

        Assert.Equal("6217 **** **** 0001", masked.Account.Pan);
        Assert.False(masked.Account.PanRevealed);
        Assert.Equal("6217 9900 0700 0001", full.Account.Pan);
        Assert.True(full.Account.PanRevealed);
        Assert.Equal(new DateTime(2034, 3, 1, 0, 0, 0, DateTimeKind.Utc), full.Account.ExpiryDate.ToDateTime());
        Assert.False(full.Account.Expired);
        Assert.Equal(session, full.SessionId);
    }

    [Fact]
    public async Task Without_the_pre_read_the_account_is_read_from_the_card_and_with_it_from_the_session()
    {
        await using var onDemand = await StartAsync();
        var card = new RecordingCard(SimCard.ThirdGen().WithUnionPay(new DateOnly(2030, 6, 30), Pan).Build());
        var session = await onDemand.PutCardAsync(ServiceRig.Reader1, card);
        var before = card.CommandCount;
        await Cards(onDemand).ReadBankAccountAsync(Bank(session), Masked.Options);
        Assert.True(card.CommandCount > before, "the account was not read from the card");

        await using var preRead = await StartAsync(("Readers:PreReadBankAccount", "true"));
        card = new RecordingCard(SimCard.ThirdGen().WithUnionPay(new DateOnly(2030, 6, 30), Pan).Build());
        session = await preRead.PutCardAsync(ServiceRig.Reader1, card);
        before = card.CommandCount;
        var account = await Cards(preRead).ReadBankAccountAsync(Bank(session), Full.Options);
        Assert.Equal(before, card.CommandCount);
        Assert.Equal("6217 9900 0700 0001", account.Account.Pan);
        Assert.Equal(2030, account.Account.ExpiryDate.ToDateTime().Year);
        // The card was left in its social security application: the identity and the PIN work as before.
        await VerifiesPinAsync(preRead, session);
    }

    private static async Task VerifiesPinAsync(ServiceRig rig, string session) =>
        await rig.Identity.VerifyPinAsync(new VerifyPinRequest { Target = new CardTarget { SessionId = session }, Pin = RigCards.Pin }, ServiceRig.WithKey(null));

    [Fact]
    public async Task A_card_without_a_UnionPay_application_is_NO_BANK_APPLICATION_and_an_expired_one_says_so()
    {
        await using var rig = await StartAsync(("Readers:PreReadBankAccount", "true"));
        var without = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.ThirdGen().Build());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Cards(rig).ReadBankAccountAsync(Bank(without), Masked.Options));
        RigCards.AssertError(error, StatusCode.FailedPrecondition, "NO_BANK_APPLICATION");

        var expired = await rig.SwapCardAsync(ServiceRig.Reader1, SimCard.ThirdGen().WithUnionPay(new DateOnly(2020, 1, 31), Pan).Build());
        Assert.True((await Cards(rig).ReadBankAccountAsync(Bank(expired), Masked.Options)).Account.Expired);
    }

    [Fact]
    public async Task Without_a_PIN_only_the_basics_are_read_and_with_it_the_offline_state_and_the_log()
    {
        await using var rig = await StartAsync();
        var session = await rig.InitialSessionAsync();

        var basics = (await Cards(rig).ReadMedicalRecordsAsync(Medical(session), Kiosk.Options)).Records;
        var request = Medical(session);
        request.Pin = RigCards.Pin;
        var all = (await Cards(rig).ReadMedicalRecordsAsync(request, Kiosk.Options)).Records;

        Assert.Equal("310", basics.InsuranceType);
        Assert.Equal(MedicalUsageMode.Online, basics.UsageMode);
        Assert.False(basics.PinVerified);
        Assert.Null(basics.Offline);
        Assert.Empty(basics.Transactions);
        Assert.True(all.PinVerified);
        Assert.True(all.Offline.Allowed);
        Assert.Equal(0, all.Offline.Count);
        Assert.Equal(OfflineLogStatus.Consistent, all.OfflineLog);
        Assert.Equal(2, all.Transactions.Count);
        var newest = all.Transactions[0];
        Assert.Equal((2, MedicalTransactionType.Settlement, "999900000001"), (newest.Sequence, newest.Type, newest.TerminalId));
        Assert.Equal((3250L, 1200L, 8800L), (newest.AccountFen, newest.SelfPayFen, newest.PooledFen));
        // 2025-02-14 10:05:12 China Standard Time.
        Assert.Equal(new DateTime(2025, 2, 14, 2, 5, 12, DateTimeKind.Utc), newest.Time.ToDateTime());
    }

    [Fact]
    public async Task A_wrong_PIN_is_WRONG_PIN_with_tries_left_and_a_blocked_card_PIN_BLOCKED()
    {
        await using var rig = await StartAsync();
        var request = Medical(await rig.InitialSessionAsync());
        request.Pin = "000000";

        var wrong = await Assert.ThrowsAsync<RpcException>(async () => await Cards(rig).ReadMedicalRecordsAsync(request, Kiosk.Options));
        Assert.Equal("2", RigCards.AssertError(wrong, StatusCode.FailedPrecondition, "WRONG_PIN").Metadata["tries_left"]);

        request = Medical(await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().PinBlocked().Build()));
        request.Pin = RigCards.Pin;
        var blocked = await Assert.ThrowsAsync<RpcException>(async () => await Cards(rig).ReadMedicalRecordsAsync(request, Kiosk.Options));
        RigCards.AssertError(blocked, StatusCode.FailedPrecondition, "PIN_BLOCKED");
    }

    [Fact]
    public async Task The_PIN_typed_on_the_pad_opens_the_log_and_a_reader_without_a_pad_is_PIN_PAD_UNAVAILABLE()
    {
        await using var rig = await StartAsync(("Simulation:PinPadReaders:0", ServiceRig.Reader0));
        var request = Medical(await rig.InitialSessionAsync());
        request.UsePinPad = true;

        await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Digits = RigCards.Pin }, ServiceRig.WithKey(null));
        var records = (await Cards(rig).ReadMedicalRecordsAsync(request, Kiosk.Options)).Records;
        Assert.True(records.PinVerified);
        Assert.Equal(2, records.Transactions.Count);

        var other = Medical(await rig.PutCardAsync(ServiceRig.Reader1, SimCard.ThirdGen().Build()));
        other.UsePinPad = true;
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Cards(rig).ReadMedicalRecordsAsync(other, Kiosk.Options));
        RigCards.AssertError(error, StatusCode.FailedPrecondition, "PIN_PAD_UNAVAILABLE");
    }

    [Fact]
    public async Task A_malformed_PIN_is_INVALID_REQUEST_before_the_card_is_looked_for()
    {
        await using var rig = await StartAsync();
        var request = Medical(Guid.NewGuid().ToString());
        request.Pin = "12ab";

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Cards(rig).ReadMedicalRecordsAsync(request, Kiosk.Options));

        Assert.Equal("pin", RigCards.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }
}
