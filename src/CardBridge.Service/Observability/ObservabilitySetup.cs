using System.Text.Json;
using CardBridge.Service.Configuration;
using CardBridge.Service.StatusPage;
using CardBridge.Terminal;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace CardBridge.Service.Observability;

/// <summary>
/// Registers the metrics (meters <c>CardBridge</c> and <c>CardBridge.Terminal</c>, exported by OpenTelemetry for
/// Prometheus), the admin listener and its endpoints: <c>/metrics</c>, <c>/status</c> and <c>/status.json</c>.
/// </summary>
internal static class ObservabilitySetup
{
    private static readonly double[] LatencyBucketsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

    // An arrival's target is a few milliseconds at the median (issue 19): its steps need buckets below 1 ms too.
    private static readonly double[] ArrivalBucketsMs = [0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 100, 200, 500, 1000];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<ListenerOptions>, AdminListenerOptionsValidator>();
        services.AddSingleton<JournalBacklog>();
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<RecentErrors>();
        services.AddSingleton<ApduLatencySamples>();
        services.AddSingleton<StatusReporter>();
        services.AddHostedService<CardReadWatcher>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cardbridge-service"))
            .WithMetrics(metrics => metrics
            .AddMeter(ServiceMetrics.MeterName, TerminalMeter.Name)
            // Card round trips take a few milliseconds to a second: finer buckets there than the defaults.
            .AddView(TerminalMeter.ApduDuration, new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBucketsMs })
            .AddView(TerminalMeter.ArrivalDuration, new ExplicitBucketHistogramConfiguration { Boundaries = ArrivalBucketsMs })
            .AddView(ServiceMetrics.TapDurationName, new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBucketsMs })
            // Every scrape counts afresh: the journal backlog is refreshed just before it.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        var admin = builder.Configuration.GetSection(ListenerOptions.Section).Get<ListenerOptions>()?.Admin ?? new AdminListenerOptions();
        services.AddSingleton<AdminEndpoint>();
        builder.WebHost.ConfigureKestrel(kestrel => AdminListener.Listen(kestrel, admin, kestrel.ApplicationServices.GetRequiredService<AdminEndpoint>()));
    }

    public static void Map(WebApplication app)
    {
        // Created now, so the latency chart has the APDUs from the start on.
        app.Services.GetRequiredService<ApduLatencySamples>();
        app.Use((http, next) => AdminListener.GateAsync(http, () => next(http)));
        app.MapPrometheusScrapingEndpoint(AdminListener.MetricsPath);
        app.MapGet(AdminListener.StatusPath, async (StatusReporter reporter, CancellationToken cancellationToken) =>
            Results.Content(StatusHtml.Render(await reporter.CaptureAsync(cancellationToken)), "text/html; charset=utf-8"));
        app.MapGet(AdminListener.StatusJsonPath, async (StatusReporter reporter, CancellationToken cancellationToken) =>
            Results.Json(await reporter.CaptureAsync(cancellationToken), Json));
    }
}
