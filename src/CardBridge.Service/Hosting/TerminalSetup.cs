using CardBridge.Service.Configuration;
using CardBridge.Terminal;
using CardBridge.Terminal.Hsm;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Registers the card terminal: its options (sections <c>Readers</c> and <c>Hsm</c>), the readers it runs on — PC/SC
/// unless another reader monitor and card connector were plugged in before (simulator mode) — the HTTP client of the
/// HSM platform, and the <see cref="TerminalHost"/>.
/// </summary>
internal static class TerminalSetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<ReaderOptions, ReaderOptionsValidator>(ReaderOptions.Section);
        builder.AddValidatedOptions<HsmOptions, HsmOptionsValidator>(HsmOptions.Section);
        // The adapter times every attempt itself (Hsm:CallTimeout); HttpClient's own 100 s must not cut in.
        services.AddHttpClient(TerminalHost.HsmClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => HsmHttpHandler.Create(sp.GetRequiredService<IOptions<HsmOptions>>().Value));
        services.TryAddSingleton(sp => new PcscReaders(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IReaderMonitor>(sp => sp.GetRequiredService<PcscReaders>());
        services.TryAddSingleton<ICardConnector>(sp => sp.GetRequiredService<PcscReaders>());
        services.AddHostedPart<TerminalHost>();
        services.AddSingleton<PsamTerminalNumber>();
        services.AddHealthChecks().AddCheck<TerminalHealthCheck>("terminal");
    }
}
