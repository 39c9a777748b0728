using CardBridge.Cards;
using CardBridge.Cards.Authentication;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Interop;
using CardBridge.Cards.Pin;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Iso7816;
using CardBridge.Pcsc;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.IntegrationTests;

/// <summary>Card in reader 0, PSAM in reader 1, both through the real pcscd + vpcd: genuineness and host PIN entry.</summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class GenuinenessAndPinThroughPcscdTests
{
    private static readonly byte[] SsseAid = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");

    [Fact]
    public async Task PSAM_in_the_second_reader_proves_the_card_genuine_and_opens_EF06()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var simulated = SimCard.ThirdGen().Build();
        await using var inserted = await PcscdFixture.InsertAsync(simulated, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        await using var psamInserted = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        using var psam = context.Connect(PcscdFixture.SecondReader, PcscShareMode.Shared, PcscProtocols.Any);
        var channel = new CardChannel(card);
        var keyContext = await SelectAndIdentifyAsync(channel, timeout.Token);
        var before = await ReadHolderRecordAsync(channel, timeout.Token);

        await new PsamAuthenticator(new CardChannel(psam)).AuthenticateAsync(channel, keyContext, timeout.Token);
        var after = await ReadHolderRecordAsync(channel, timeout.Token);

        Assert.Equal(0x6982, before.StatusWord.Value);
        Assert.Equal(StatusWord.Success, after.StatusWord);
        Assert.Equal(0x08, after.Data.Span[0]);
    }

    [Fact]
    public async Task Third_generation_identity_read_with_the_PSAM_gives_holder_and_the_standard_interface_line()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var simulated = SimCard.ThirdGen().Build();
        await using var inserted = await PcscdFixture.InsertAsync(simulated, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        await using var psamInserted = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        using var psam = context.Connect(PcscdFixture.SecondReader, PcscShareMode.Shared, PcscProtocols.Any);
        var authenticator = new PsamAuthenticator(new CardChannel(psam));
        var terminalNumber = await authenticator.ReadTerminalNumberAsync(timeout.Token);

        var read = await new IdentityReader(authenticator, TimeProvider.System)
            .ReadAsync(new CardChannel(card), card.Status().Atr, timeout.Token);
        var line = StandardReaderFormat.ReadCardBas(read, terminalNumber, "CB0001");

        Assert.NotNull(read.Holder);
        Assert.Equal(HolderUnavailableReason.None, read.HolderUnavailable);
        Assert.StartsWith("测试", read.Holder.Name, StringComparison.Ordinal);
        var fields = line.Split('|');
        Assert.Equal(12, fields.Length);
        Assert.Equal(read.Holder.Ssn, fields[1]);
        Assert.Equal(read.Holder.Name, fields[4]);
        Assert.Equal(terminalNumber, fields[9]);
        Assert.Equal("CB0001", fields[10]);
    }

    [Fact]
    public async Task Forged_card_fails_the_PSAM_check_through_pcscd()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var forged = (SimulatedSocialSecurityCard)CardProfiles.Load("forged");
        await using var inserted = await PcscdFixture.InsertAsync(forged, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        await using var psamInserted = await PcscdFixture.InsertAsync(SimCard.Psam().Build(), VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        using var psam = context.Connect(PcscdFixture.SecondReader, PcscShareMode.Shared, PcscProtocols.Any);
        var channel = new CardChannel(card);
        var keyContext = await SelectAndIdentifyAsync(channel, timeout.Token);

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => new PsamAuthenticator(new CardChannel(psam)).AuthenticateAsync(channel, keyContext, timeout.Token));
        Assert.Equal(0x6982, (await ReadHolderRecordAsync(channel, timeout.Token)).StatusWord.Value);
    }

    [Fact]
    public async Task Host_PIN_entry_wrong_PIN_reports_tries_left_and_right_PIN_verifies()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var simulated = SimCard.ThirdGen().WithPin("123456").WithPinTries(3).Build();
        await using var inserted = await PcscdFixture.InsertAsync(simulated, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        var channel = new CardChannel(card);
        await SelectAndIdentifyAsync(channel, timeout.Token);
        var pin = new CardPin(channel);

        using var wrong = PinBuffer.FromDigits("000000");
        var error = await Assert.ThrowsAsync<WrongPinException>(() => pin.VerifyAsync(wrong, timeout.Token));
        var probe = await pin.GetStatusAsync(timeout.Token);
        using var right = PinBuffer.FromDigits("123456");
        await pin.VerifyAsync(right, timeout.Token);

        Assert.Equal(2, error.TriesLeft);
        Assert.Equal(new PinStatus(false, 2), probe);
        Assert.Equal(3, simulated.PinTriesLeft);
    }

    private static async Task<CardKeyContext> SelectAndIdentifyAsync(CardChannel channel, CancellationToken cancellationToken)
    {
        var select = await channel.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, SsseAid, 256), cancellationToken);
        select.EnsureSuccess("SELECT SSSE");
        // FCI: 6F { 84 AID, A5 { 88 SFI, 9F0C { 86 algorithm } } }; 9F0C is primitive, so its content is parsed apart.
        var algorithm = BerTlv.ParseAll(BerTlv.ParseSingle(select.Data).Find(0x9F0C)!.Value).Single().Value.Span[0];
        var record = await channel.TransmitAsync(new CommandApdu(0x00, 0xB2, 0x01, 0x2C, default, 256), cancellationToken);
        record.EnsureSuccess("READ RECORD EF05/1");
        return new CardKeyContext(record.Data[2..].ToArray(), (Crypto.CardAlgorithm)algorithm);
    }

    private static Task<ResponseApdu> ReadHolderRecordAsync(CardChannel channel, CancellationToken cancellationToken) =>
        channel.TransmitAsync(new CommandApdu(0x00, 0xB2, 0x01, 0x34, default, 256), cancellationToken);
}
