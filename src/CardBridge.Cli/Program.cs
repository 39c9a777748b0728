using CardBridge.Cli.Output;

namespace CardBridge.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) =>
        CardBridgeCommandLine.InvokeAsync(args, CliConsole.System(), TimeSpan.FromSeconds(2), CancellationToken.None);
}
