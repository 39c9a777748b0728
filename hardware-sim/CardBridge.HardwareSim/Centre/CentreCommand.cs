using System.CommandLine;
using System.Globalization;
using CardBridge.HardwareSim.CommandLine;
using CardBridge.Simulation.Centre;

namespace CardBridge.HardwareSim.Centre;

/// <summary>
/// The <c>centre</c> command: runs the simulated medical-insurance centre on 127.0.0.1 until SIGTERM or Ctrl-C.
/// It writes <c>listening http://127.0.0.1:PORT/…</c> to stdout once it listens, then reads the
/// <see cref="CentreConsole"/> line commands from stdin (end of input does not stop it).
/// </summary>
public static class CentreCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => Create(Console.In);

    internal static Command Create(TextReader input)
    {
        var port = PlatformConsole.PortOption();
        var poolShare = new Option<int>("--pool-share")
        {
            Description = "Share of each bill paid by the pooled fund, in basis points (6000 = 60%).",
            DefaultValueFactory = _ => 6000,
        };
        poolShare.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 10_000)
            {
                result.AddError("--pool-share must be 0..10000.");
            }
        });
        var listKey = new Option<string?>("--list-key")
        {
            Description = "Base64 of the key (at least 32 bytes) the published rider lists are keyed with; the simulator's FAKE list key by default.",
        };
        listKey.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && ListKey(text) is null)
            {
                result.AddError("--list-key must be base64 of at least 32 bytes.");
            }
        });
        var command = new Command("centre", "Run the simulated medical-insurance centre (DESIGN §9 envelope) with fault injection and rider lists.") { port, poolShare, listKey };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = TextWriter.Synchronized(parseResult.InvocationConfiguration.Output);
            await using var centre = SimulatedCentre.Start(new SimulatedCentreOptions
            {
                Port = parseResult.GetValue(port),
                PoolShareBasisPoints = parseResult.GetValue(poolShare),
                People = [.. CentrePerson.Defaults, .. CentrePerson.FromCardProfiles()],
                RiderListKey = parseResult.GetValue(listKey) is { } key ? ListKey(key)! : SimulatedCentreOptions.FakeRiderListKey,
            });
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"listening {centre.ServiceUri}"));
            await output.WriteLineAsync(CentreConsole.Help);
            return await PlatformConsole.ServeAsync(input, output, new CentreConsole(centre).Execute, cancellationToken);
        });
        return command;
    }

    private static byte[]? ListKey(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written >= 32 ? buffer[..written] : null;
    }
}
