using CardBridge.HardwareSim.Cards;
using CardBridge.HardwareSim.Daemon;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Pcsc;

namespace CardBridge.Bench;

/// <summary>
/// What every end-to-end benchmark stands on: a real pcscd of its own, and a simulated card served through
/// vpcd in reader 0, present once this is started. Disposing pulls the card and stops the daemon.
/// </summary>
internal sealed class VirtualCardStack : IAsyncDisposable
{
    public const string Reader = "Virtual PCD 00 00";

    private readonly PcscDaemon _daemon;
    private readonly VpcdCardBridge _bridge;
    private readonly CancellationTokenSource _stop;
    private readonly Task _serving;

    private VirtualCardStack(PcscDaemon daemon, VpcdCardBridge bridge, CancellationTokenSource stop, Task serving)
    {
        _daemon = daemon;
        _bridge = bridge;
        _stop = stop;
        _serving = serving;
    }

    public static async Task<VirtualCardStack> StartAsync(ISimulatedCard card, CancellationToken cancellationToken)
    {
        var daemon = new PcscDaemon();
        await daemon.StartAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var bridge = new VpcdCardBridge(card, new VpcdBridgeOptions { Port = VpcdBridgeOptions.FirstReaderPort });
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var serving = bridge.RunAsync(stop.Token);
        bridge.Insert();
        var stack = new VirtualCardStack(daemon, bridge, stop, serving);
        await WaitForCardAsync(cancellationToken);
        return stack;
    }

    public async ValueTask DisposeAsync()
    {
        _bridge.Remove();
        await _stop.CancelAsync();
        await _serving;
        await _bridge.DisposeAsync();
        await _daemon.DisposeAsync();
        _stop.Dispose();
    }

    private static async Task WaitForCardAsync(CancellationToken cancellationToken)
    {
        using var context = PcscContext.Establish();
        var state = new PcscReaderState(Reader);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (!state.EventState.HasFlag(PcscReaderStates.Present))
        {
            await Task.Run(() => context.GetStatusChange(TimeSpan.FromSeconds(1), [state], deadline.Token), deadline.Token);
            state.Acknowledge();
        }
    }
}
