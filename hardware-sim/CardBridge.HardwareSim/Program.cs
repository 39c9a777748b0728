using CardBridge.HardwareSim.CommandLine;
using CardBridge.HardwareSim.Profiles;
using CardBridge.HardwareSim.Vpcd;

namespace CardBridge.HardwareSim;

internal static class Program
{
    private static Task<int> Main(string[] args) =>
        SimCommandLine.Build([VcardCommand.Create(CardProfiles.Load)]).Parse(args).InvokeAsync();
}
