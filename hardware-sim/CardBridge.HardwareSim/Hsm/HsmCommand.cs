using System.CommandLine;
using System.Globalization;
using CardBridge.HardwareSim.CommandLine;
using CardBridge.Simulation.Hsm;

namespace CardBridge.HardwareSim.Hsm;

/// <summary>
/// The <c>hsm</c> command: runs the simulated HSM platform (docs/operations/hsm-envelope.md) on 127.0.0.1 until SIGTERM
/// or Ctrl-C. It writes <c>listening http://127.0.0.1:PORT/hsm/v1/authenticate</c> (the value for <c>Hsm:ServiceUri</c>)
/// to stdout, then reads line commands from stdin (see <see cref="Help"/>); end of input does not stop it.
/// </summary>
public static class HsmCommand
{
    /// <summary>The line commands the running platform reads from stdin.</summary>
    public const string Help = "commands: fault down|5xx|wrong-cryptogram | fault slow [MS] | clear | requests";

    /// <summary>Builds the command.</summary>
    public static Command Create() => Create(Console.In);

    internal static Command Create(TextReader input)
    {
        var port = PlatformConsole.PortOption();
        var fault = new Option<string?>("--fault")
        {
            Description = "Start with a fault: down, slow, wrong-cryptogram or 5xx.",
        };
        fault.AcceptOnlyFromAmong("down", "slow", "wrong-cryptogram", "5xx");
        var command = new Command("hsm",
            "Run the simulated HSM platform that answers the step-1 envelope with the issuer test keys, with fault injection.") { port, fault };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = TextWriter.Synchronized(parseResult.InvocationConfiguration.Output);
            await using var platform = SimulatedHsmPlatform.Start(new SimulatedHsmPlatformOptions { Port = parseResult.GetValue(port) });
            if (parseResult.GetValue(fault) is { } initial)
            {
                Execute(platform, "fault " + initial);
            }
            await output.WriteLineAsync($"listening {platform.ServiceUri}");
            await output.WriteLineAsync(Help);
            return await PlatformConsole.ServeAsync(input, output, line => Execute(platform, line), cancellationToken);
        });
        return command;
    }

    /// <summary>Runs one console line against the platform; the answer to print, or null for a blank line.</summary>
    internal static string? Execute(SimulatedHsmPlatform platform, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (words)
        {
            case []:
                return null;
            case ["fault", "down"]:
                platform.InjectFault(HsmPlatformFault.Down);
                return "ok";
            case ["fault", "5xx"]:
                platform.InjectFault(HsmPlatformFault.ServerError);
                return "ok";
            case ["fault", "wrong-cryptogram"]:
                platform.InjectFault(HsmPlatformFault.WrongCryptogram);
                return "ok";
            case ["fault", "slow"]:
                platform.InjectFault(HsmPlatformFault.Slow);
                return "ok";
            case ["fault", "slow", var ms] when int.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var delay):
                platform.InjectFault(HsmPlatformFault.Slow, TimeSpan.FromMilliseconds(delay));
                return "ok";
            case ["clear"]:
                platform.ClearFaults();
                return "ok";
            case ["requests"]:
                return platform.Requests.ToString(CultureInfo.InvariantCulture);
            default:
                return "error: " + Help;
        }
    }
}
