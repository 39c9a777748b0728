using System.CommandLine;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.HardwareSim.CommandLine;

/// <summary>
/// The <c>cardbridge-sim</c> command line: <c>profiles</c> lists the shipped card profiles, <c>card --profile NAME
/// --apdu HEX…</c> sends APDUs to an in-process card and prints the answers. Other commands (the vpcd bridge)
/// are passed in by the host.
/// </summary>
public static class SimCommandLine
{
    /// <summary>Builds the root command with the simulator's own commands followed by <paramref name="extra"/>.</summary>
    public static RootCommand Build(IEnumerable<Command> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        var root = new RootCommand("CardBridge hardware simulator: synthetic social security cards and PSAMs")
        {
            ProfilesCommand(),
            CardCommand(),
        };
        foreach (var command in extra)
        {
            root.Add(command);
        }
        return root;
    }

    private static Command ProfilesCommand()
    {
        var command = new Command("profiles", "List the card profiles shipped with the simulator");
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            foreach (var name in CardProfiles.Names)
            {
                output.WriteLine(name);
            }
            return 0;
        });
        return command;
    }

    private static Command CardCommand()
    {
        var profile = new Option<string>("--profile", "-p")
        {
            Description = "Profile name (see 'profiles') or path to a profile .json",
            Required = true,
        };
        var apdus = new Option<string[]>("--apdu", "-a")
        {
            Description = "Command APDUs in hex, sent in order (e.g. 00A404000F7378312E73682EC9E7BBE1B1A3D5CF)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var raw = new Option<bool>("--raw")
        {
            Description = "Show the card's raw answers (61xx, 6Cxx) instead of following them with GET RESPONSE / re-issue",
        };
        var command = new Command("card", "Send APDUs to an in-process simulated card and print its answers") { profile, apdus, raw };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            ISimulatedCard card;
            try
            {
                card = CardProfiles.Load(parseResult.GetValue(profile)!);
            }
            catch (CardProfileException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
            var transport = new SimulatedCardTransport(card, TimeSpan.FromSeconds(2));
            var channel = new CardChannel(transport);
            await output.WriteLineAsync($"ATR {Convert.ToHexString(card.Atr.Span)}");
            foreach (var hex in parseResult.GetValue(apdus)!)
            {
                CommandApdu apdu;
                try
                {
                    apdu = CommandApdu.Parse(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));
                }
                catch (Exception e) when (e is FormatException or ApduFormatException)
                {
                    await error.WriteLineAsync($"'{hex}' is not a command APDU: {e.Message}");
                    return 1;
                }
                await output.WriteLineAsync($"> {apdu}");
                try
                {
                    var response = parseResult.GetValue(raw)
                        ? ResponseApdu.Parse(await transport.TransmitAsync(apdu.ToArray(), cancellationToken))
                        : await channel.TransmitAsync(apdu, cancellationToken);
                    await output.WriteLineAsync($"< {Convert.ToHexString(response.Data.Span)} {response.StatusWord}");
                }
                catch (Iso7816Exception e)
                {
                    await error.WriteLineAsync($"< {e.Message}");
                    return 3;
                }
            }
            return 0;
        });
        return command;
    }
}
