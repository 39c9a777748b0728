using CardBridge.Qr.Platform;
using CardBridge.Qr.Transit;
using CardBridge.Simulation.Centre;
using CardBridge.Simulation.Hsm;
using CardBridge.Simulation.Qr.Platform;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.Service.Simulation;

/// <summary>
/// The simulator's stand-ins for what the terminal talks to — the insurance centre, the e-voucher / e-SSC platform,
/// the transit code issuer and the HSM platform — each started the first time the configuration turns out to name no
/// real one (<c>Centre:ServiceUri</c>, <c>Qr:Platform</c>, <c>Qr:Transit</c>, <c>Hsm:ServiceUri</c> with
/// <c>Simulation:Hsm</c>). The service's own adapters then talk to them as to the real thing: the centre and the
/// platforms on free loopback ports, the issuer's FAKE roots trusted.
/// </summary>
internal sealed partial class SimulatedPlatforms(TimeProvider time, ILogger<SimulatedPlatforms> logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();

    /// <summary>The simulated centre, whose people are the simulator's card profiles; null while a configured one is used.</summary>
    public SimulatedCentre? Centre { get; private set; }

    /// <summary>The simulated e-voucher / e-SSC platform; null while a configured one is used.</summary>
    public SimulatedQrPlatform? QrPlatform { get; private set; }

    /// <summary>The transit code maker whose roots the terminal trusts; null while configured roots are used.</summary>
    public SimTransitQrGenerator? TransitIssuer { get; private set; }

    /// <summary>The simulated HSM platform; null while a configured one (or none) is used.</summary>
    public SimulatedHsmPlatform? HsmPlatform { get; private set; }

    /// <summary>The simulated centre's address, starting the centre the first time.</summary>
    public Uri CentreUri()
    {
        lock (_lock)
        {
            if (Centre is null)
            {
                Centre = SimulatedCentre.Start(new SimulatedCentreOptions { Port = 0, People = [.. CentrePerson.FromCardProfiles(), CentrePerson.CrossRegion] }, time);
                LogCentre(logger, Centre.ServiceUri);
            }
            return Centre.ServiceUri;
        }
    }

    /// <summary>The simulated platform's endpoints, starting the platform the first time.</summary>
    public PlatformQrOptions QrPlatformOptions()
    {
        lock (_lock)
        {
            if (QrPlatform is null)
            {
                QrPlatform = SimulatedQrPlatform.Start(new SimulatedQrPlatformOptions { Port = 0 }, time);
                LogQrPlatform(logger, QrPlatform.ServiceUri);
            }
            return new PlatformQrOptions { EVoucherUri = QrPlatform.EVoucherUri, SocialSecurityCardUri = QrPlatform.SocialSecurityCardUri };
        }
    }

    /// <summary>The simulated HSM platform's step-1 endpoint, starting the platform the first time.</summary>
    public Uri HsmUri()
    {
        lock (_lock)
        {
            if (HsmPlatform is null)
            {
                HsmPlatform = SimulatedHsmPlatform.Start(new SimulatedHsmPlatformOptions { Port = 0 });
                LogHsm(logger, HsmPlatform.ServiceUri);
            }
            return HsmPlatform.ServiceUri;
        }
    }

    /// <summary>The FAKE transit roots to trust, making the issuer of codes under them the first time.</summary>
    public TransitQrOptions TransitQrOptions()
    {
        var keys = SimTransitQrKeys.Default;
        lock (_lock)
        {
            TransitIssuer ??= new SimTransitQrGenerator(keys, time);
        }
        return new TransitQrOptions { RootPublicKeys = new Dictionary<byte, string>(keys.TrustedRootPublicKeys) };
    }

    public async ValueTask DisposeAsync()
    {
        if (Centre is not null)
        {
            await Centre.DisposeAsync();
        }
        if (QrPlatform is not null)
        {
            await QrPlatform.DisposeAsync();
        }
        if (HsmPlatform is not null)
        {
            await HsmPlatform.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: simulated insurance centre at {ServiceUri} with the card profiles' synthetic people")]
    private static partial void LogCentre(ILogger logger, Uri serviceUri);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: e-voucher and e-SSC codes are verified by the simulated platform at {Uri}")]
    private static partial void LogQrPlatform(ILogger logger, Uri uri);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: cards the PSAM cannot serve are checked by the simulated HSM platform at {Uri}")]
    private static partial void LogHsm(ILogger logger, Uri uri);
}
