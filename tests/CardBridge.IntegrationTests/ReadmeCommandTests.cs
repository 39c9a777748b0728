using System.Net;
using System.Net.Sockets;
using CardBridge.IntegrationTests.Peers;

namespace CardBridge.IntegrationTests;

/// <summary>README command 1 does what the README says: service with its simulator, a card read over gRPC by the CLI.</summary>
[Trait("Category", "Integration")]
public sealed class ReadmeCommandTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Run_sim_reads_the_simulated_third_generation_card_over_grpc_and_stops_cleanly()
    {
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "run-sim.sh");

        var (exitCode, output, error) = await ChildProcess.RunAsync(
            script, ["--once", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(4), CancellationToken.None);

        Assert.True(exitCode == 0, $"run-sim.sh exited {exitCode}: {error}");
        Assert.Contains("Simulated Reader 0", output, StringComparison.Ordinal);
        Assert.Contains("测试甲", output, StringComparison.Ordinal);
        Assert.Contains("Verified", output, StringComparison.Ordinal);
        Assert.Contains("\"CARD_KIND_SECOND_GENERATION\"", output, StringComparison.Ordinal);
    }
}
