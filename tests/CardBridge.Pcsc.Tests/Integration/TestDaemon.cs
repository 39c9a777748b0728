using CardBridge.HardwareSim.Daemon;

namespace CardBridge.Pcsc.Tests.Integration;

/// <summary>
/// The pcscd a test starts, stops gracefully, kills and restarts. On Linux it is the test's own child
/// (<see cref="PcscDaemon"/>). In the Windows build of these tests, run under wine64 by tests/windows/run.sh, the
/// binding reaches pcscd through the pass-through winscard.dll and winscard-bridge, and a Windows process cannot
/// start or signal a Linux one: the bridge owns the daemon and does it on request (<see cref="BridgeDaemon"/>).
/// </summary>
internal sealed class TestDaemon : IAsyncDisposable
{
    private readonly PcscDaemon? _local;
    private readonly BridgeDaemon? _bridge;

    private TestDaemon(PcscDaemon? local, BridgeDaemon? bridge)
    {
        _local = local;
        _bridge = bridge;
    }

    public static async Task<TestDaemon> StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var daemon = OperatingSystem.IsWindows() ? new TestDaemon(null, BridgeDaemon.FromEnvironment()) : new TestDaemon(new PcscDaemon(), null);
        if (daemon._bridge is { } bridge)
        {
            await bridge.StartAsync(timeout, cancellationToken);
        }
        else
        {
            await daemon._local!.StartAsync(timeout, cancellationToken);
        }
        return daemon;
    }

    /// <summary>SIGTERM, waits; SIGKILL after <paramref name="timeout"/>.</summary>
    public Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _bridge?.StopAsync(timeout, cancellationToken) ?? _local!.StopAsync(timeout, cancellationToken);

    /// <summary>SIGKILL, waits for the process to be gone.</summary>
    public Task KillAsync(CancellationToken cancellationToken) =>
        _bridge?.KillAsync(cancellationToken) ?? _local!.KillAsync(cancellationToken);

    public ValueTask DisposeAsync() =>
        _bridge is { } bridge ? new ValueTask(bridge.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None)) : _local!.DisposeAsync();
}
