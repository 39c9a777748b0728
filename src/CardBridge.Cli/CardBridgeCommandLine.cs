using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using CardBridge.Cli.Commands;
using CardBridge.Cli.Output;
using CardBridge.Cli.Pcsc;

namespace CardBridge.Cli;

/// <summary>
/// The <c>cardbridge</c> command tree: gRPC commands against the service, and <c>pcsc</c> diagnostics straight
/// through the local PC/SC stack. Everything it prints goes through the <see cref="CliConsole"/> it is given.
/// </summary>
internal static class CardBridgeCommandLine
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("CardBridge operator command line: talks to the CardBridge service over gRPC (pcsc: local diagnostics without it)");
        foreach (var command in ReaderCommands.Build(console).Concat(IdentityCommands.Build(console)))
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(PinCommands.Build(console));
        root.Subcommands.Add(CardCommands.Build(console));
        root.Subcommands.Add(JournalCommands.Build(console));
        root.Subcommands.Add(SettleCommands.Build(console));
        root.Subcommands.Add(TransitCommands.Build(console));
        root.Subcommands.Add(HealthCommand.Build(console));
        root.Subcommands.Add(SimulatorCommands.Build(console));
        root.Subcommands.Add(PcscCommands.Build());
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((HelpAction)help.Action!);
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>; a usage error exits 2. <paramref name="processTerminationTimeout"/>
    /// hooks Ctrl-C / SIGTERM to cancel the running command (null in process, e.g. under test, where
    /// <paramref name="cancellationToken"/> does it).
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, CliConsole console, TimeSpan? processTerminationTimeout, CancellationToken cancellationToken)
    {
        var parseResult = Build(console).Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            ProcessTerminationTimeout = processTerminationTimeout,
        };
        var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
        await console.Out.FlushAsync(CancellationToken.None);
        return parseResult.Action is ParseErrorAction ? ExitCodes.Usage : exitCode;
    }

    private sealed class HelpWithExitCodes(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            inner.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes.HelpText);
            return ExitCodes.Ok;
        }
    }
}
