using System.Diagnostics;
using System.Reflection;
using CardBridge.Api.V1;
using CardBridge.Cli.Tests.Fakes;
using Google.Protobuf.WellKnownTypes;

namespace CardBridge.Cli.Tests;

/// <summary>The built <c>cardbridge</c> executable as an operator or a script runs it: real stdin, stdout and signals.</summary>
[Trait("Category", "Integration")]
public sealed class ProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Process Start(params string[] args)
    {
        var directory = typeof(ProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliDirectory").Value!;
        var executable = Path.Combine(directory, OperatingSystem.IsWindows() ? "cardbridge.exe" : "cardbridge");
        // On Linux through env(1), which puts SIGINT back to its default and execs the CLI (same process): a test run
        // started in the background by a shell without job control inherits SIGINT ignored, the runtime then leaves it
        // ignored (as a background job should), and Ctrl-C could never reach the CLI. An operator's terminal has it at
        // its default.
        var start = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsLinux())
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add(executable);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("CARDBRIDGE_ENDPOINT");
        start.Environment.Remove("CARDBRIDGE_API_KEY");
        return Process.Start(start)!;
    }

    // Waits for the process to end after what was done to it; one that does not is killed, and the failure says what it
    // had written and whether the server saw its call cancelled, so that a rare hang explains itself.
    private async Task ExitedAsync(Process process, string after)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            var threads = ThreadsOf(process.Id);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(Patience);
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            Assert.Fail($"cardbridge did not end within {Patience.TotalSeconds:0} s after {after} (killed); the server saw the watch "
                + $"cancelled: {_server.Readers.WatchCancelled.Task.IsCompleted}; stdout after the first line: '{output}'; stderr: '{error}'; "
                + $"its threads (name state wchan): {threads}");
        }
    }

    // Each thread of a Linux process as the kernel sees it: name, state and where it sleeps.
    private static string ThreadsOf(int pid)
    {
        var tasks = new DirectoryInfo($"/proc/{pid}/task");
        if (!tasks.Exists)
        {
            return "none (the process had ended)";
        }
        return string.Join("; ", tasks.EnumerateDirectories().Select(task =>
        {
            string Read(string name)
            {
                try
                {
                    return File.ReadAllText(Path.Combine(task.FullName, name)).Trim();
                }
                catch (IOException)
                {
                    return "?";
                }
            }

            var stat = Read("stat");
            var state = stat.LastIndexOf(')') is var end and > 0 && end + 2 < stat.Length ? stat[end + 2].ToString() : "?";
            return $"{Read("comm")} {state} {Read("wchan")}";
        }));
    }

    [Fact]
    public async Task Pin_piped_to_stdin_reaches_the_server_and_appears_in_no_output()
    {
        _server.Identity.OnVerify = _ => Task.FromResult(new VerifyPinResponse { SessionId = "sess-0009" });
        using var process = Start("verify-pin", "--endpoint", _server.Address);

        await process.StandardInput.WriteLineAsync("482913");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("482913", Assert.Single(_server.Identity.VerifyCalls).Request.Pin);
        Assert.Contains("PIN verified (session sess-0009)", await output, StringComparison.Ordinal);
        Assert.DoesNotContain("482913", await output + await error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ends_with_0_on_SIGINT_and_cancels_the_stream()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        _server.Readers.StreamedEvents =
        [
            new ReaderEvent { Time = Timestamp.FromDateTime(DateTime.UnixEpoch), ReaderAttached = new ReaderAttached { Reader = "Virtual PCD 00 00" } },
        ];
        using var process = Start("watch", "--endpoint", _server.Address);

        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience);
        Assert.Contains("reader attached: Virtual PCD 00 00", first, StringComparison.Ordinal);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(Patience);
        }
        await ExitedAsync(process, "SIGINT");

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", await process.StandardError.ReadToEndAsync());
        await _server.Readers.WatchCancelled.Task.WaitAsync(Patience);
    }
}
