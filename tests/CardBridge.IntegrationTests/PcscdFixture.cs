using CardBridge.HardwareSim.Daemon;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Pcsc;
using CardBridge.Simulation.Cards;

namespace CardBridge.IntegrationTests;

/// <summary>
/// One real pcscd (with Debian's vpcd reader configuration) shared by the tests of the <c>pcscd</c>
/// collection. scripts/test.sh runs these tests in a private mount + network namespace, so the daemon
/// and the vpcd ports belong to this run alone.
/// </summary>
public sealed class PcscdFixture : IAsyncLifetime
{
    public const string FirstReader = "Virtual PCD 00 00";
    public const string SecondReader = "Virtual PCD 00 01";

    public PcscDaemon Daemon { get; } = new();

    public async Task InitializeAsync() =>
        await Daemon.StartAsync(TimeSpan.FromSeconds(15), CancellationToken.None);

    public async Task DisposeAsync() => await Daemon.DisposeAsync();

    /// <summary>The vpcd reader whose card side listens on <paramref name="port"/>.</summary>
    public static string ReaderFor(int port) => port == VpcdBridgeOptions.FirstReaderPort ? FirstReader : SecondReader;

    /// <summary>
    /// Serves <paramref name="card"/> in the reader at <paramref name="port"/> and returns once PC/SC reports it
    /// present; disposing the handle pulls the card and returns once PC/SC reports the reader empty, so the next
    /// test never meets the previous card.
    /// </summary>
    public static async Task<VirtualCard> InsertAsync(ISimulatedCard card, int port, CancellationToken cancellationToken)
    {
        var bridge = new VpcdCardBridge(card, new VpcdBridgeOptions { Port = port });
        var stop = new CancellationTokenSource();
        var run = bridge.RunAsync(stop.Token);
        bridge.Insert();
        await WaitForCardAsync(ReaderFor(port), present: true, TimeSpan.FromSeconds(10), cancellationToken);
        return new VirtualCard(bridge, ReaderFor(port), stop, run);
    }

    /// <summary>Blocks until PC/SC reports a card in <paramref name="reader"/> (or reports none, when <paramref name="present"/> is false).</summary>
    public static Task WaitForCardAsync(string reader, bool present, TimeSpan timeout, CancellationToken cancellationToken) =>
        PcscPresence.WaitAsync(reader, present, timeout, cancellationToken);
}

/// <summary>A simulated card being served through vpcd; disposing pulls it and stops the bridge.</summary>
public sealed class VirtualCard(VpcdCardBridge bridge, string reader, CancellationTokenSource stop, Task run) : IAsyncDisposable
{
    public VpcdCardBridge Bridge => bridge;

    public async ValueTask DisposeAsync()
    {
        bridge.Remove();
        await PcscdFixture.WaitForCardAsync(reader, present: false, TimeSpan.FromSeconds(10), CancellationToken.None);
        await stop.CancelAsync();
        await run;
        await bridge.DisposeAsync();
        stop.Dispose();
    }
}

[CollectionDefinition("pcscd")]
public sealed class PcscdTestGroup : ICollectionFixture<PcscdFixture>;
