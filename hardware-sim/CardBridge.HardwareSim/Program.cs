using System.CommandLine;
using CardBridge.HardwareSim.CommandLine;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Simulation.Profiles;

namespace CardBridge.HardwareSim;

internal static class Program
{
    // An explicit termination timeout makes System.CommandLine cancel the command on SIGTERM (so the virtual
    // card closes its connection cleanly) instead of letting the signal kill the process.
    private static Task<int> Main(string[] args) =>
        SimCommandLine.Build([VcardCommand.Create(CardProfiles.Load), Centre.CentreCommand.Create(),
            Qr.Platform.QrPlatformCommand.Create(),
            Hsm.HsmCommand.Create(),
            Qr.Transit.TransitQrCommand.Create(),
            Qr.Scanner.QrScannerCommand.Create()])
            .Parse(args)
            .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(2) });
}
