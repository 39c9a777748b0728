using CardBridge.HardwareSim.Daemon;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Simulation.Cards;

namespace CardBridge.Bench;

/// <summary>
/// What the PC/SC-only benchmarks stand on: a real pcscd of its own, and a simulated card served through vpcd in
/// reader 0, present once this is started. Disposing pulls the card and stops the daemon.
/// </summary>
internal sealed class VirtualCardStack : IAsyncDisposable
{
    public const string Reader = "Virtual PCD 00 00";

    private readonly PcscDaemon _daemon;
    private readonly ServedCard _card;

    private VirtualCardStack(PcscDaemon daemon, ServedCard card)
    {
        _daemon = daemon;
        _card = card;
    }

    public static async Task<VirtualCardStack> StartAsync(ISimulatedCard card, CancellationToken cancellationToken)
    {
        var daemon = new PcscDaemon();
        try
        {
            await daemon.StartAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return new VirtualCardStack(daemon, await ServedCard.StartAsync(card, VpcdBridgeOptions.FirstReaderPort, Reader, cancellationToken));
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _card.DisposeAsync();
        await _daemon.DisposeAsync();
    }
}
