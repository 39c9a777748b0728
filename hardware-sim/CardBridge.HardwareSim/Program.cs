using CardBridge.HardwareSim.CommandLine;

namespace CardBridge.HardwareSim;

internal static class Program
{
    private static Task<int> Main(string[] args) => SimCommandLine.Build([]).Parse(args).InvokeAsync();
}
