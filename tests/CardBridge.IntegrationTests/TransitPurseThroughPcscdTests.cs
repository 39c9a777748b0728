using CardBridge.Cards.Transit;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Iso7816;
using CardBridge.Pcsc;
using CardBridge.Simulation.Profiles;

namespace CardBridge.IntegrationTests;

/// <summary>The T-Union purse over the real stack: card in one vpcd reader, PSAM in the other, pcscd between.</summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class TransitPurseThroughPcscdTests
{
    private static readonly DateTime Time = new(2026, 3, 14, 8, 15, 30);

    [Fact]
    public async Task Purchase_through_pcscd_debits_once_and_a_tear_after_DEBIT_is_recovered_on_the_next_tap()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var simulatedCard = SimCard.ThirdGen().Build();
        var simulatedPsam = SimCard.Psam().Build();
        await using var psamInserted = await PcscdFixture.InsertAsync(simulatedPsam, VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        await using var cardInserted = await PcscdFixture.InsertAsync(simulatedCard, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var psam = context.Connect(PcscdFixture.SecondReader, PcscShareMode.Shared, PcscProtocols.Any);
        var psamChannel = new CardChannel(psam);
        var store = new InMemoryPendingPurchaseStore();

        using (var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any))
        {
            var purse = new TransitPurse(new CardChannel(card), store);
            var first = await purse.PurchaseAsync(200, new PurchaseContext(Time), psamChannel, timeout.Token);
            Assert.Equal(4800u, first.BalanceFen);

            simulatedCard.Faults.RemoveAfterProcessing(0x54);
            await Assert.ThrowsAsync<CardRemovedException>(
                () => purse.PurchaseAsync(300, new PurchaseContext(Time.AddMinutes(1)), psamChannel, timeout.Token));
        }
        Assert.Equal(4500u, simulatedCard.Purse!.BalanceFen);
        await PcscdFixture.WaitForCardAsync(PcscdFixture.FirstReader, present: false, TimeSpan.FromSeconds(10), timeout.Token);

        cardInserted.Bridge.Insert();
        await PcscdFixture.WaitForCardAsync(PcscdFixture.FirstReader, present: true, TimeSpan.FromSeconds(10), timeout.Token);
        using var retapped = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        var recovered = await new TransitPurse(new CardChannel(retapped), store)
            .PurchaseAsync(300, new PurchaseContext(Time.AddMinutes(2)), psamChannel, timeout.Token);

        Assert.True(recovered.Recovered);
        Assert.Equal(4500u, recovered.BalanceFen);
        Assert.Equal(Time.AddMinutes(1), recovered.Time);
        Assert.Equal(4500u, simulatedCard.Purse.BalanceFen);
        Assert.Equal(0, store.Count);
    }
}
