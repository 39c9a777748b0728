using System.CommandLine;
using System.Globalization;
using CardBridge.HardwareSim.CommandLine;
using CardBridge.Simulation.Qr.Platform;

namespace CardBridge.HardwareSim.Qr.Platform;

/// <summary>
/// The <c>qr-platform</c> command: runs the simulated e-voucher / e-SSC verification platform on 127.0.0.1 until
/// SIGTERM or Ctrl-C. It writes <c>listening http://127.0.0.1:PORT/</c> and the two endpoints to stdout, then reads
/// line commands from stdin (see <see cref="Help"/>); end of input does not stop it.
/// </summary>
public static class QrPlatformCommand
{
    /// <summary>The line commands the running platform reads from stdin.</summary>
    public const string Help =
        "commands: issue evoucher|essc PROFILE [SECONDS, 0 or less: already expired] | fault down|5xx|malformed | fault slow [MS] | clear | holders";

    /// <summary>Builds the command.</summary>
    public static Command Create() => Create(Console.In);

    internal static Command Create(TextReader input)
    {
        var port = PlatformConsole.PortOption();
        var command = new Command("qr-platform",
            "Run the simulated e-voucher / e-SSC QR verification platform for the card profiles' holders, with fault injection.") { port };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = TextWriter.Synchronized(parseResult.InvocationConfiguration.Output);
            await using var platform = SimulatedQrPlatform.Start(new SimulatedQrPlatformOptions { Port = parseResult.GetValue(port) });
            await output.WriteLineAsync($"listening {platform.ServiceUri}");
            await output.WriteLineAsync($"e-voucher {platform.EVoucherUri}");
            await output.WriteLineAsync($"e-ssc {platform.SocialSecurityCardUri}");
            await output.WriteLineAsync(Help);
            return await PlatformConsole.ServeAsync(input, output, line => Execute(platform, line), cancellationToken);
        });
        return command;
    }

    /// <summary>Runs one console line against the platform; the answer to print, or null for a blank line.</summary>
    internal static string? Execute(SimulatedQrPlatform platform, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return null;
        }
        switch (words)
        {
            case ["issue", var type, var holder, ..] when words.Length <= 4:
                var kind = type switch
                {
                    "evoucher" => SimQrCodeType.EVoucher,
                    "essc" => SimQrCodeType.SocialSecurityCard,
                    _ => (SimQrCodeType?)null,
                };
                var seconds = 60;
                // Zero or negative seconds issue an already-expired code.
                if (kind is null || (words.Length == 4
                    && !int.TryParse(words[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds)))
                {
                    return "error: " + Help;
                }
                try
                {
                    return platform.IssueCode(kind.Value, holder, TimeSpan.FromSeconds(seconds));
                }
                catch (ArgumentException e)
                {
                    return "error: " + e.Message;
                }
            case ["fault", "down"]:
                platform.InjectFault(QrPlatformFault.Down);
                return "ok";
            case ["fault", "5xx"]:
                platform.InjectFault(QrPlatformFault.ServerError);
                return "ok";
            case ["fault", "malformed"]:
                platform.InjectFault(QrPlatformFault.MalformedAnswer);
                return "ok";
            case ["fault", "slow"]:
                platform.InjectFault(QrPlatformFault.Slow);
                return "ok";
            case ["fault", "slow", var ms] when int.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var delay):
                platform.InjectFault(QrPlatformFault.Slow, TimeSpan.FromMilliseconds(delay));
                return "ok";
            case ["clear"]:
                platform.ClearFaults();
                return "ok";
            case ["holders"]:
                return string.Join(Environment.NewLine, platform.Holders.Select(h => $"{h.ProfileName} {h.CardNumber}"));
            default:
                return "error: " + Help;
        }
    }
}
