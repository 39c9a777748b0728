using CardBridge.Service.Configuration;
using CardBridge.Terminal;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Registers the card terminal: its options (section <c>Readers</c>), the readers it runs on — PC/SC unless another
/// reader monitor and card connector were plugged in before (simulator mode) — and the <see cref="TerminalHost"/>.
/// </summary>
internal static class TerminalSetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<ReaderOptions, ReaderOptionsValidator>(ReaderOptions.Section);
        services.TryAddSingleton(sp => new PcscReaders(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IReaderMonitor>(sp => sp.GetRequiredService<PcscReaders>());
        services.TryAddSingleton<ICardConnector>(sp => sp.GetRequiredService<PcscReaders>());
        services.AddHostedPart<TerminalHost>();
        services.AddHealthChecks().AddCheck<TerminalHealthCheck>("terminal");
    }
}
