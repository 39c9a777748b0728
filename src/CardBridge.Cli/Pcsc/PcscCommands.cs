using System.CommandLine;
using CardBridge.Iso7816;
using CardBridge.Pcsc;

namespace CardBridge.Cli.Pcsc;

/// <summary>
/// <c>cardbridge pcsc …</c>: local diagnostics straight through CardBridge's own PC/SC stack, without the
/// service — list readers and cards, watch reader and card events, send APDUs to a card. What an operator
/// runs on a terminal to tell a reader problem from a service problem.
/// </summary>
internal static class PcscCommands
{
    public static Command Build() => new("pcsc", "Diagnostics through CardBridge's own PC/SC binding (no service needed)")
    {
        ReadersCommand(),
        WatchCommand(),
        ApduCommand(),
    };

    private static Command ReadersCommand()
    {
        var command = new Command("readers", "List the PC/SC readers and the ATR of any card in them");
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            using var context = PcscContext.Establish();
            var readers = context.ListReaders();
            if (readers.Count == 0)
            {
                output.WriteLine("no readers");
                return 0;
            }
            var states = readers.Select(r => new PcscReaderState(r)).ToArray();
            context.GetStatusChange(TimeSpan.Zero, states, CancellationToken.None);
            foreach (var state in states)
            {
                output.WriteLine(state.EventState.HasFlag(PcscReaderStates.Present)
                    ? $"{state.Reader}: card present, ATR {Convert.ToHexString(state.Atr.Span)}"
                    : $"{state.Reader}: empty");
            }
            return 0;
        });
        return command;
    }

    private static Command WatchCommand()
    {
        var count = new Option<int?>("--count") { Description = "Stop after this many events (default: until Ctrl-C)" };
        var command = new Command("watch", "Print reader and card events as they happen (survives pcscd restarts)") { count };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var left = parseResult.GetValue(count);
            var monitor = new ReaderMonitor();
            await foreach (var change in monitor.WatchAsync(cancellationToken))
            {
                await output.WriteLineAsync(Describe(change));
                if (left is not null && --left <= 0)
                {
                    break;
                }
            }
            return 0;
        });
        return command;
    }

    private static Command ApduCommand()
    {
        var reader = new Option<string>("--reader", "-r") { Description = "Reader name (default: the first reader with a card)" };
        var apdus = new Argument<string[]>("apdu") { Description = "Command APDUs in hex, sent in order", Arity = ArgumentArity.OneOrMore };
        var command = new Command("apdu", "Send APDUs to the card (61xx and 6Cxx are followed up) and print the answers") { reader, apdus };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var commands = new List<CommandApdu>();
            foreach (var hex in parseResult.GetValue(apdus)!)
            {
                try
                {
                    commands.Add(CommandApdu.Parse(Convert.FromHexString(hex)));
                }
                catch (Exception e) when (e is FormatException or ApduFormatException)
                {
                    await error.WriteLineAsync($"'{hex}' is not a command APDU: {e.Message}");
                    return 2;
                }
            }
            using var context = PcscContext.Establish();
            var name = parseResult.GetValue(reader) ?? FirstReaderWithCard(context);
            if (name is null)
            {
                await error.WriteLineAsync("no card in any reader");
                return 3;
            }
            using var card = context.Connect(name, PcscShareMode.Shared, PcscProtocols.Any);
            var channel = new CardChannel(card);
            await output.WriteLineAsync($"{name}: ATR {Convert.ToHexString(card.Status().Atr.Span)}");
            foreach (var apdu in commands)
            {
                await output.WriteLineAsync($"> {apdu}");
                var response = await channel.TransmitAsync(apdu, cancellationToken);
                await output.WriteLineAsync($"< {Convert.ToHexString(response.Data.Span)} {response.StatusWord}");
            }
            return 0;
        });
        return command;
    }

    private static string? FirstReaderWithCard(PcscContext context)
    {
        var states = context.ListReaders().Select(r => new PcscReaderState(r)).ToArray();
        if (states.Length == 0)
        {
            return null;
        }
        context.GetStatusChange(TimeSpan.Zero, states, CancellationToken.None);
        return states.FirstOrDefault(s => s.EventState.HasFlag(PcscReaderStates.Present))?.Reader;
    }

    private static string Describe(ReaderChange change) => change.Kind switch
    {
        ReaderChangeKind.ReaderAttached => $"reader attached: {change.Reader}",
        ReaderChangeKind.ReaderDetached => $"reader detached: {change.Reader}",
        ReaderChangeKind.CardInserted => $"card inserted: {change.Reader} ATR {Convert.ToHexString(change.Atr.Span)}",
        ReaderChangeKind.CardRemoved => $"card removed: {change.Reader}",
        ReaderChangeKind.ServiceLost => $"PC/SC service lost: {change.Reason}",
        ReaderChangeKind.ServiceRestored => "PC/SC service restored",
        _ => change.ToString(),
    };
}
