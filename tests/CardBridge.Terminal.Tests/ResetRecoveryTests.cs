using CardBridge.Iso7816;
using CardBridge.Pcsc;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Terminal.Tests;

public sealed class ResetRecoveryTests
{
    private static readonly byte[] SelectSsse = Convert.FromHexString("00A404000F7378312E73682EC9E7BBE1B1A3D5CF00");
    private static readonly byte[] ReadCardNumber = Convert.FromHexString("00B2072C00");

    /// <summary>A simulated card that another program resets before chosen commands, as the PC/SC transport reports it.</summary>
    private sealed class ResettingCard(SimulatedCardTransport card) : IApduTransport
    {
        public int ResetsPending { get; set; }

        public int Reconnects { get; private set; }

        public List<byte[]> Sent { get; } = [];

        public Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
        {
            if (ResetsPending > 0)
            {
                ResetsPending--;
                card.Card.Reset();
                throw PcscErrors.Translate(new PcscCardResetException(PcscErrorCode.ResetCard, "SCardTransmit"));
            }
            Sent.Add(command.ToArray());
            return card.TransmitAsync(command, cancellationToken);
        }

        public void Reconnect() => Reconnects++;
    }

    private static (ResettingCard Card, ResetRecoveringTransport Transport) Rig()
    {
        var simulated = new SimulatedCardTransport(SimCard.SecondGen().Build());
        simulated.Insert();
        var card = new ResettingCard(simulated);
        return (card, new ResetRecoveringTransport(card, card.Reconnect));
    }

    [Fact]
    public async Task Reset_card_is_reconnected_reselected_and_the_command_answered()
    {
        var (card, transport) = Rig();
        Assert.Equal(0x90, (await transport.TransmitAsync(SelectSsse, CancellationToken.None))[^2]);
        card.ResetsPending = 1;

        var answer = await new CardChannel(transport).TransmitAsync(CommandApdu.Parse(ReadCardNumber), CancellationToken.None);

        Assert.Equal(1, card.Reconnects);
        Assert.Equal([SelectSsse, SelectSsse, ReadCardNumber], card.Sent.Take(3));
        Assert.True(answer.StatusWord.IsNormal);
    }

    [Fact]
    public async Task A_second_reset_in_a_row_reaches_the_caller()
    {
        var (card, transport) = Rig();
        await transport.TransmitAsync(SelectSsse, CancellationToken.None);
        card.ResetsPending = 2;

        await Assert.ThrowsAsync<CardResetException>(() => transport.TransmitAsync(ReadCardNumber, CancellationToken.None));
        Assert.Equal(1, card.Reconnects);
    }
}
