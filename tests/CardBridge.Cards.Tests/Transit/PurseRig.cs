using System.Globalization;
using CardBridge.Cards.Transit;
using CardBridge.Iso7816;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Simulation.Transit;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Transit;

/// <summary>A terminal with a PSAM and a pending-purchase store, and a simulated card in its card slot.</summary>
internal sealed class PurseRig
{
    public static readonly DateTime Time = new(2026, 3, 14, 8, 15, 30);

    public PurseRig(SimulatedSocialSecurityCard card, SimulatedPsam psam, IPendingPurchaseStore? store = null)
    {
        Card = card;
        Psam = psam;
        Slot = new SimulatedCardTransport(card);
        CardChannel = new ObservedChannel(new CardChannel(Slot));
        PsamChannel = new ObservedChannel(new CardChannel(new SimulatedCardTransport(psam)));
        Store = store ?? new InMemoryPendingPurchaseStore();
        Purse = new TransitPurse(CardChannel, Store);
    }

    public SimulatedSocialSecurityCard Card { get; }

    public SimulatedPurse CardPurse => Card.Purse!;

    public SimulatedPsam Psam { get; }

    public SimulatedCardTransport Slot { get; }

    public ObservedChannel CardChannel { get; }

    public ObservedChannel PsamChannel { get; }

    public IPendingPurchaseStore Store { get; }

    public TransitPurse Purse { get; }

    public Task<PurchaseResult> BuyAsync(uint amountFen) =>
        Purse.PurchaseAsync(amountFen, new PurchaseContext(Time), PsamChannel, CancellationToken.None);

    /// <summary>The card is tapped again: back in the slot, powered up anew.</summary>
    public void Retap() => Slot.Insert();

    /// <summary>The TAC the clearing centre expects for <paramref name="result"/>, from the card's TAC key.</summary>
    public byte[] CentreTac(PurchaseResult result) => CardPurse.ExpectedTac(
        result.AmountFen, result.TerminalId.Span, result.TerminalSequence,
        Convert.FromHexString(result.Time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)));
}
