using System.Diagnostics;
using System.Threading.Channels;

namespace CardBridge.IntegrationTests.Peers;

/// <summary>
/// The <c>cardbridge-sim vcard</c> executable as a child process: the virtual card exactly as an operator or
/// a script would run it. Status lines it prints ("state connected", …) can be awaited; line commands
/// ("remove", "insert", "fault …") are written to its standard input.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private SimulatorProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static SimulatorProcess StartVcard(string profile, int port)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "cardbridge-sim.dll"), "vcard",
                "--profile", profile, "--vpcd-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new SimulatorProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start cardbridge-sim"));
    }

    /// <summary>Waits until the simulator prints <paramref name="line"/>.</summary>
    public async Task WaitForLineAsync(string line, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (await _lines.Reader.ReadAsync(deadline.Token) != line)
            {
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"cardbridge-sim did not print '{line}' within {timeout}");
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await SendAsync("quit");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        _process.Dispose();
    }
}
