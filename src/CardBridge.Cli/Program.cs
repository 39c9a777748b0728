using System.CommandLine;
using CardBridge.Cli.Pcsc;

namespace CardBridge.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        var root = new RootCommand("CardBridge operator command line")
        {
            PcscCommands.Build(),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(2) });
    }
}
