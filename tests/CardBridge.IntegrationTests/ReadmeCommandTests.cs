using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CardBridge.IntegrationTests.Peers;

namespace CardBridge.IntegrationTests;

/// <summary>
/// README command 1 does what the README says: service with its simulator, a card read over gRPC by the CLI; and it
/// leaves the checkout as it found it (the simulator's state goes to a directory outside it).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ReadmeCommandTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<(int ExitCode, string Output, string Error)> RunSimAsync() => ChildProcess.RunAsync(
        Path.Combine(RepositoryRoot.Path, "scripts", "run-sim.sh"),
        ["--once", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--web-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)],
        TimeSpan.FromMinutes(4), CancellationToken.None);

    private static async Task<string> GitStatusAsync()
    {
        var (exitCode, output, error) = await ChildProcess.RunAsync(
            "git", ["-C", RepositoryRoot.Path, "status", "--porcelain", "--untracked-files=all"], TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(exitCode == 0, $"git status exited {exitCode}: {error}");
        return output;
    }

    [Fact]
    public async Task Run_sim_reads_the_simulated_third_generation_card_over_grpc_and_stops_cleanly()
    {
        var (exitCode, output, error) = await RunSimAsync();

        Assert.True(exitCode == 0, $"run-sim.sh exited {exitCode}: {error}");
        Assert.Contains("Simulated Reader 0", output, StringComparison.Ordinal);
        Assert.Contains("测试甲", output, StringComparison.Ordinal);
        Assert.Contains("Verified", output, StringComparison.Ordinal);
        Assert.Contains("\"CARD_KIND_SECOND_GENERATION\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_sim_leaves_the_checkout_as_it_found_it()
    {
        var before = await GitStatusAsync();

        var (exitCode, _, error) = await RunSimAsync();

        Assert.True(exitCode == 0, $"run-sim.sh exited {exitCode}: {error}");
        Assert.Equal(before, await GitStatusAsync());
    }

    [Fact]
    public async Task The_simulated_service_keeps_its_state_outside_the_directory_it_runs_in()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("cardbridge-checkout-");
        var logs = Directory.CreateTempSubdirectory("cardbridge-logs-");
        string? state = null;
        try
        {
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory.FullName, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "cardbridge-service.dll"), "--simulate",
                "--Listeners:LoopbackPort=0", "--Listeners:Web:Port=-1", $"--Logs:FilePath={Path.Combine(logs.FullName, "log-.json")}", $"--Audit:Path={Path.Combine(logs.FullName, "audit-.jsonl")}"])
            {
                info.ArgumentList.Add(argument);
            }
            using (var service = Process.Start(info) ?? throw new InvalidOperationException("could not start cardbridge-service"))
            {
                try
                {
                    // The journal, its keys, the QR replay cache and the gate's lists and store are all open before it listens.
                    using var started = new CancellationTokenSource(StartTimeout);
                    string? line;
                    while ((line = await service.StandardOutput.ReadLineAsync(started.Token)) is not null && !line.Contains("Now listening on", StringComparison.Ordinal))
                    {
                        state ??= KeyFileLine().Match(line) is { Success: true } match ? match.Groups["directory"].Value : null;
                    }
                    Assert.True(line is not null, "the service stopped before it listened");
                }
                finally
                {
                    service.Kill(entireProcessTree: true);
                    await service.WaitForExitAsync();
                }
            }

            Assert.Empty(workingDirectory.EnumerateFileSystemInfos());
            Assert.NotNull(state);
            Assert.True(File.Exists(Path.Combine(state, "journal.db")), $"no journal in {state}");
            Assert.False(Path.GetFullPath(state).StartsWith(workingDirectory.FullName, StringComparison.Ordinal), state);
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
            logs.Delete(recursive: true);
            if (state is not null && Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    [GeneratedRegex("kept in clear in (?<directory>.+)[/\\\\]journal\\.keys\\.json")]
    private static partial Regex KeyFileLine();
}
