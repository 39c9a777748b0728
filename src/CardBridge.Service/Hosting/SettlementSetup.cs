using CardBridge.Journal;
using CardBridge.Service.Configuration;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Hospital;
using CardBridge.Settlement.Upload;
using CardBridge.Settlement.Workflow;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>
/// Registers the settlement layer: its options (sections <c>Journal</c>, <c>Centre</c>, <c>Settlement</c>, validated
/// at start), the <see cref="SettlementHost"/> that owns it, and the journal, centre and upload loop as singletons
/// an API class can inject.
/// </summary>
internal static class SettlementSetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<JournalOptions, JournalOptionsValidator>("Journal");
        builder.AddValidatedOptions<JournalUploadOptions, JournalUploadOptionsValidator>(JournalUploadOptions.Section);
        builder.AddValidatedOptions<CentreOptions, CentreOptionsValidator>("Centre");
        builder.AddValidatedOptions<SettlementPolicy, SettlementPolicyValidator>(SettlementPolicyValidator.Section);

        // The adapter times every attempt itself (Centre:CallTimeout, up to 10 min); HttpClient's own 100 s must not cut in.
        services.AddHttpClient(SettlementHost.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedPart<SettlementHost>();
        services.AddSingleton(sp => sp.GetRequiredService<SettlementHost>().Journal);
        services.AddSingleton(sp => sp.GetRequiredService<SettlementHost>().Centre);
        services.AddSingleton(sp => sp.GetRequiredService<SettlementHost>().Workflow);
        services.AddSingleton(sp => sp.GetRequiredService<SettlementHost>().Hospital);
        // The container owns the loop, so it is disposed exactly once, before the journal it was built on.
        services.AddSingleton(sp => new JournalUploadLoop(
            new JournalUploader(sp.GetRequiredService<OfflineJournal>(), sp.GetRequiredService<ISettlementCentre>(), sp.GetRequiredService<ILogger<JournalUploader>>()),
            sp.GetRequiredService<OfflineJournal>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<JournalUploadOptions>>().Value.UploadInterval,
            sp.GetRequiredService<ILogger<JournalUploadLoop>>()));
        services.AddHealthChecks().AddCheck<SettlementHealthCheck>("settlement");
    }
}
