using System.CommandLine;
using System.CommandLine.Parsing;
using CardBridge.Simulation.Cards;

namespace CardBridge.HardwareSim.Vpcd;

/// <summary>
/// The <c>vcard</c> command: serves one simulated card to a vpcd reader of pcscd until <c>quit</c>, SIGTERM or
/// Ctrl-C. It writes one <c>state …</c> line to stdout per state change (<c>state connecting</c>,
/// <c>state connected</c>, <c>state powered-on</c>, <c>state removed</c>) so scripts can wait on them, reads
/// line commands from stdin (end of input does not stop it), and logs to stderr.
/// </summary>
public static class VcardCommand
{
    /// <summary>Builds the command; <paramref name="loadProfile"/> turns a profile name into a fresh card.</summary>
    public static Command Create(Func<string, ISimulatedCard> loadProfile) => Create(loadProfile, Console.In, TimeProvider.System);

    /// <summary>Builds the command reading its line commands from <paramref name="input"/>.</summary>
    internal static Command Create(Func<string, ISimulatedCard> loadProfile, TextReader input, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(loadProfile);

        var profile = new Option<string>("--profile")
        {
            Description = "Card profile to serve (name of a profile in hardware-sim/profiles).",
            Required = true,
        };
        var host = new Option<string>("--vpcd-host")
        {
            Description = "Host where pcscd's vpcd driver listens.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--vpcd-port")
        {
            Description = "vpcd reader port: 35963 for \"Virtual PCD 00 00\", 35964 for \"Virtual PCD 00 01\".",
            DefaultValueFactory = _ => VpcdBridgeOptions.FirstReaderPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError("--vpcd-port must be 1..65535.");
            }
        });
        var insertAfter = Milliseconds("--insert-after", "Insert the card this many milliseconds after start (it starts removed).", allowZero: true);
        var removeAfter = Milliseconds("--remove-after", "Remove the card for good this many milliseconds after start.", allowZero: true);
        var cycle = Milliseconds("--cycle", "Toggle the card in and out every this many milliseconds.", allowZero: false);
        var muteTimeout = Milliseconds("--mute-timeout", "How long a mute card keeps the reader waiting before it is pulled (default 5000).", allowZero: false);
        var noInsert = new Option<bool>("--no-insert") { Description = "Start with the card removed; insert it with the 'insert' command." };

        var command = new Command("vcard", "Serve a simulated card to pcscd through vsmartcard's vpcd reader.")
        {
            profile, host, port, insertAfter, removeAfter, cycle, muteTimeout, noInsert,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(removeAfter) < result.GetValue(insertAfter))
            {
                result.AddError("--remove-after must not come before --insert-after.");
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = TextWriter.Synchronized(parseResult.InvocationConfiguration.Output);
            var error = TextWriter.Synchronized(parseResult.InvocationConfiguration.Error);
            var card = loadProfile(parseResult.GetRequiredValue(profile));
            var options = new VpcdBridgeOptions
            {
                Host = parseResult.GetRequiredValue(host),
                Port = parseResult.GetValue(port),
                MuteTimeout = ToTime(parseResult.GetValue(muteTimeout)) ?? new VpcdBridgeOptions().MuteTimeout,
            };
            var schedule = new InsertionSchedule(
                ToTime(parseResult.GetValue(insertAfter)), ToTime(parseResult.GetValue(removeAfter)), ToTime(parseResult.GetValue(cycle)));

            await using var bridge = new VpcdCardBridge(card, options, timeProvider, line => WriteLine(error, $"vcard: {line}"));
            bridge.StateChanged += (_, state) => WriteLine(output, $"state {VcardConsole.StateName(state)}");
            using var quit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var console = new VcardConsole(bridge);

            if (!parseResult.GetValue(noInsert) && schedule.InsertAfter is null)
            {
                bridge.Insert();
            }

            var run = bridge.RunAsync(quit.Token);
            var scheduled = RunScheduleAsync(schedule, bridge, timeProvider, quit.Token);

            // Console reads cannot be cancelled, so the reader gets its own thread. A read still blocked when
            // the command ends is abandoned with the process; a finished reader is awaited to observe it.
            var reader = Task.Factory.StartNew(
                () => ReadCommandsAsync(input, console, output, error, quit),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap();

            await run;
            await scheduled;
            if (reader.IsCompleted)
            {
                await reader;
            }

            return 0;
        });
        return command;
    }

    private static Option<int?> Milliseconds(string name, string description, bool allowZero)
    {
        var option = new Option<int?>(name) { Description = description + " (milliseconds)" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && (value < 0 || (value == 0 && !allowZero)))
            {
                result.AddError($"{name} must be {(allowZero ? "zero or more" : "positive")}.");
            }
        });
        return option;
    }

    private static TimeSpan? ToTime(int? milliseconds) => milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    private static async Task RunScheduleAsync(InsertionSchedule schedule, VpcdCardBridge bridge, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            await schedule.RunAsync(bridge, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Quit before the timetable ended.
        }
    }

    private static async Task ReadCommandsAsync(TextReader input, VcardConsole console, TextWriter output, TextWriter error, CancellationTokenSource quit)
    {
        var cancellationToken = quit.Token;
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                if (console.Execute(line) is { } answer)
                {
                    WriteLine(output, answer);
                }

                if (console.QuitRequested)
                {
                    await quit.CancelAsync();
                    return;
                }
            }

            // CI runs without stdin: end of input is not a request to stop.
            WriteLine(error, "vcard: stdin closed; running until quit, SIGTERM or Ctrl-C");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Quit.
        }
        catch (IOException e)
        {
            WriteLine(error, $"vcard: stdin failed ({e.Message}); running until SIGTERM or Ctrl-C");
        }
    }

    private static void WriteLine(TextWriter writer, string line)
    {
        writer.WriteLine(line);
        writer.Flush();
    }
}
