using CardBridge.Iso7816;
using CardBridge.Pcsc.Tests.Fakes;

namespace CardBridge.Pcsc.Tests;

public sealed class PcscCardTests
{
    private static PcscCard Connect(FakePcscNative native)
    {
        using var context = PcscContext.Establish(native, PcscScope.System);
        return context.Connect("R0", PcscShareMode.Shared, PcscProtocols.T1);
    }

    [Fact]
    public async Task Transmit_uses_the_send_pci_of_the_active_protocol()
    {
        uint seen = 0;
        var native = new FakePcscNative { OnTransmit = (protocol, _) => { seen = protocol; return (0, [0x90, 0x00]); } };
        using var card = Connect(native);

        var response = await card.TransmitAsync(Convert.FromHexString("00A4040C00"), CancellationToken.None);

        Assert.Equal(PcscProtocols.T1, card.ActiveProtocol);
        Assert.Equal(2u, seen);
        Assert.Equal([0x90, 0x00], response);
    }

    [Fact]
    public async Task Removed_card_during_transmit_surfaces_as_CardRemovedException()
    {
        var native = new FakePcscNative { OnTransmit = (_, _) => (0x80100069, []) };
        using var card = Connect(native);

        var error = await Assert.ThrowsAsync<CardRemovedException>(() => card.TransmitAsync(new byte[] { 0, 0xB0, 0, 0, 0 }, CancellationToken.None));
        Assert.Equal(PcscErrorCode.RemovedCard, Assert.IsType<PcscCardAbsentException>(error.InnerException).Code);
    }

    [Fact]
    public async Task Transmit_that_does_not_return_in_time_is_a_mute_card_and_blocks_the_next_call_until_it_returns()
    {
        using var release = new SemaphoreSlim(0);
        var stuck = true;
        var native = new FakePcscNative
        {
            OnTransmit = (_, _) =>
            {
                if (stuck)
                {
                    release.Wait();
                }
                return (0, [0x90, 0x00]);
            },
        };
        using var card = Connect(native);
        card.Timeout = TimeSpan.FromMilliseconds(100);

        await Assert.ThrowsAsync<CardMuteException>(() => card.TransmitAsync(new byte[] { 0, 0xB0, 0, 0, 0 }, CancellationToken.None));
        await Assert.ThrowsAsync<CardMuteException>(() => card.TransmitAsync(new byte[] { 0, 0xB0, 0, 0, 0 }, CancellationToken.None));

        stuck = false;
        release.Release();
        card.Timeout = TimeSpan.FromSeconds(10);
        Assert.Equal([0x90, 0x00], await card.TransmitAsync(new byte[] { 0, 0xB0, 0, 0, 0 }, CancellationToken.None));
    }

    [Fact]
    public async Task Cancelled_transmit_throws_OperationCanceledException_not_mute()
    {
        using var release = new SemaphoreSlim(0);
        var native = new FakePcscNative { OnTransmit = (_, _) => { release.Wait(); return (0, [0x90, 0x00]); } };
        var card = Connect(native);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => card.TransmitAsync(new byte[] { 0, 0xB0, 0, 0, 0 }, cancel.Token));

        card.Dispose();
        Assert.False(card.DeferredDisconnect.IsCompleted);
        release.Release();
        await card.DeferredDisconnect.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Card_works_under_CardChannel()
    {
        var native = new FakePcscNative { OnTransmit = (_, command) => command[1] == 0xC0 ? (0, [0x01, 0x02, 0x90, 0x00]) : (0, [0x61, 0x02]) };
        using var card = Connect(native);
        var channel = new CardChannel(card);

        var response = await channel.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, Convert.FromHexString("A000000333010101"), 256), CancellationToken.None);

        Assert.Equal([0x01, 0x02], response.Data.ToArray());
    }

    [Fact]
    public void Status_translates_state_and_protocol()
    {
        using var card = Connect(new FakePcscNative());

        var status = card.Status();

        Assert.Equal(PcscCardState.Present | PcscCardState.Powered | PcscCardState.Specific, status.State);
        Assert.Equal(PcscProtocols.T1, status.Protocol);
    }
}
