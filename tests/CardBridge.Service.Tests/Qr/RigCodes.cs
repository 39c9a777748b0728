using CardBridge.Api.V1;
using CardBridge.Service.Credentials;
using CardBridge.Service.Hosting;
using CardBridge.Service.Simulation;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Qr;

/// <summary>Codes for API tests: hold a simulated code to the simulated scanner, and watch the presentation desk.</summary>
internal static class RigCodes
{
    public const string Scanner = "Simulated Scanner";

    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    public static Task<PresentCodeResponse> PresentAsync(this ServiceRig rig, QrCodeKind kind, SimulatedCode code = SimulatedCode.Valid, string holder = "third-gen") =>
        rig.Simulator.PresentCodeAsync(new PresentCodeRequest { Scanner = Scanner, Kind = kind, Holder = holder, Code = code }, ServiceRig.WithKey(null)).ResponseAsync;

    public static AwaitCredentialRequest Await(double seconds = 20, bool onlyNew = true, PresentedKinds accept = PresentedKinds.Unspecified) => new()
    {
        Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)),
        OnlyNew = onlyNew,
        Accept = accept,
        Purpose = "test",
    };

    public static SimulatedPlatforms Platforms(this ServiceRig rig) => rig.Services.GetRequiredService<SimulatedPlatforms>();

    /// <summary>Runs <paramref name="action"/> and waits until the desk has published a presentation matching <paramref name="seen"/>.</summary>
    public static async Task<Presentation> OnDeskAsync(this ServiceRig rig, Func<Task> action, Func<Presentation, bool> seen)
    {
        using var subscription = rig.Services.GetRequiredService<PresentationDesk>().Subscribe(includePresent: false);
        await action();
        using var timeout = new CancellationTokenSource(EventTimeout);
        await foreach (var change in subscription.Reader.ReadAllAsync(timeout.Token))
        {
            if (change is PresentationUpdated { Presentation: var presentation } && seen(presentation))
            {
                return presentation;
            }
        }
        throw new InvalidOperationException("the desk stopped");
    }
}
