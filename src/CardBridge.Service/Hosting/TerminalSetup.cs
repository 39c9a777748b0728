using CardBridge.Pcsc;
using CardBridge.Service.Configuration;
using CardBridge.Terminal;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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
        services.TryAddSingleton<IReaderMonitor>(sp => new ReaderMonitor(timeProvider: sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICardConnector>(_ => new PcscCardConnector());
        services.AddHostedPart<TerminalHost>();
        services.AddHealthChecks().AddCheck<TerminalHealthCheck>("terminal");
    }
}
