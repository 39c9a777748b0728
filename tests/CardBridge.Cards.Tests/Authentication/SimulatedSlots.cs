using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Authentication;

/// <summary>A simulated card (SSSE selected) and optionally a PSAM, each in its own in-process reader slot.</summary>
internal sealed class SimulatedSlots
{
    public static readonly byte[] SsseAid = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");

    private SimulatedSlots(SimulatedSocialSecurityCard card, ICardChannel cardChannel, SimulatedCardTransport? psamSlot, ICardChannel? psamChannel)
    {
        Card = card;
        CardChannel = cardChannel;
        PsamSlot = psamSlot;
        PsamChannel = psamChannel;
    }

    public SimulatedSocialSecurityCard Card { get; }

    public ICardChannel CardChannel { get; }

    public SimulatedCardTransport? PsamSlot { get; }

    public ICardChannel? PsamChannel { get; }

    public CardKeyContext Context => new(Card.CardIdentificationCode, Card.Algorithm);

    public static async Task<SimulatedSlots> StartAsync(SimulatedSocialSecurityCard card, SimulatedPsam? psam = null)
    {
        var cardChannel = new CardChannel(new SimulatedCardTransport(card));
        var select = await cardChannel.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, SsseAid, 256), CancellationToken.None);
        Assert.Equal(StatusWord.Success, select.StatusWord);
        var psamSlot = psam is null ? null : new SimulatedCardTransport(psam);
        return new SimulatedSlots(card, cardChannel, psamSlot, psamSlot is null ? null : new CardChannel(psamSlot));
    }

    /// <summary>READ RECORD EF06 record 1 (the SSN): 9000 only once RKSSSE external authentication passed on a 3.00 card.</summary>
    public async Task<StatusWord> ReadHolderRecordAsync()
    {
        var response = await CardChannel.TransmitAsync(new CommandApdu(0x00, 0xB2, 0x01, 0x34, default, 256), CancellationToken.None);
        return response.StatusWord;
    }
}
