using System.CommandLine;

namespace CardBridge.HardwareSim.CommandLine;

/// <summary>
/// What the commands that run a simulated platform (<c>centre</c>, <c>qr-platform</c>, <c>hsm</c>) share: the loopback
/// <c>--port</c> option, and serving until SIGTERM or Ctrl-C while line commands from stdin are answered on stdout
/// (end of input does not stop the platform).
/// </summary>
internal static class PlatformConsole
{
    /// <summary>The <c>--port</c> option: 0..65535, 0 picks a free port.</summary>
    public static Option<int> PortOption()
    {
        var port = new Option<int>("--port")
        {
            Description = "Loopback port to listen on (0 picks a free one).",
            DefaultValueFactory = _ => 0,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be 0..65535.");
            }
        });
        return port;
    }

    /// <summary>Answers each line of <paramref name="input"/> with <paramref name="execute"/> (null: nothing to print) until cancelled.</summary>
    public static async Task<int> ServeAsync(TextReader input, TextWriter output, Func<string, string?> execute, CancellationToken cancellationToken)
    {
        try
        {
            string? line;
            while ((line = await input.ReadLineAsync(cancellationToken)) is not null)
            {
                if (execute(line) is { } answer)
                {
                    await output.WriteLineAsync(answer);
                }
            }
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM / Ctrl-C: stop serving.
        }
        return 0;
    }
}
