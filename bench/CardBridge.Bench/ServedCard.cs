using CardBridge.HardwareSim.Vpcd;
using CardBridge.Pcsc;
using CardBridge.Simulation.Cards;

namespace CardBridge.Bench;

/// <summary>
/// A simulated card served through vpcd on one reader's port, present once started; reinserting pulls it and puts it
/// back, each time once PC/SC sees it. Disposing pulls the card.
/// </summary>
internal sealed class ServedCard : IAsyncDisposable
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(15);

    private readonly VpcdCardBridge _bridge;
    private readonly string _reader;
    private readonly CancellationTokenSource _stop;
    private readonly Task _serving;

    private ServedCard(VpcdCardBridge bridge, string reader, CancellationTokenSource stop, Task serving)
    {
        _bridge = bridge;
        _reader = reader;
        _stop = stop;
        _serving = serving;
    }

    public static async Task<ServedCard> StartAsync(ISimulatedCard card, int port, string reader, CancellationToken cancellationToken)
    {
        var bridge = new VpcdCardBridge(card, new VpcdBridgeOptions { Port = port });
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var served = new ServedCard(bridge, reader, stop, bridge.RunAsync(stop.Token));
        bridge.Insert();
        try
        {
            await WaitForAsync(reader, present: true, cancellationToken);
        }
        catch
        {
            await served.DisposeAsync();
            throw;
        }
        return served;
    }

    public async Task ReinsertAsync(CancellationToken cancellationToken)
    {
        _bridge.Remove();
        await WaitForAsync(_reader, present: false, cancellationToken);
        _bridge.Insert();
    }

    public async ValueTask DisposeAsync()
    {
        _bridge.Remove();
        await _stop.CancelAsync();
        await _serving;
        await _bridge.DisposeAsync();
        _stop.Dispose();
    }

    private static async Task WaitForAsync(string reader, bool present, CancellationToken cancellationToken)
    {
        using var context = PcscContext.Establish();
        var state = new PcscReaderState(reader);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StateTimeout);
        await Task.Run(
            () =>
            {
                while (true)
                {
                    context.GetStatusChange(TimeSpan.FromMilliseconds(500), [state], deadline.Token);
                    if (state.EventState.HasFlag(PcscReaderStates.Present) == present && !state.EventState.HasFlag(PcscReaderStates.Unknown))
                    {
                        return;
                    }
                    state.Acknowledge();
                }
            },
            deadline.Token);
    }
}
