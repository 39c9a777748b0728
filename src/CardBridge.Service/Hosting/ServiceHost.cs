using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CardBridge.Service.Api;
using CardBridge.Service.Auditing;
using CardBridge.Service.Configuration;
using CardBridge.Service.Credentials;
using CardBridge.Service.Logging;
using CardBridge.Service.Observability;
using CardBridge.Service.Security;
using CardBridge.Service.Transit;
using CardBridge.Transit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>Builds and runs the service: configuration, Kestrel listeners, gRPC services, security, logs, hosting.</summary>
internal static class ServiceHost
{
    /// <summary>How long shutdown may take before the host gives up waiting (calls, streams, the terminal).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The largest request the service reads; every real request is far smaller.</summary>
    public const int MaxRequestBytes = 16 * 1024;

    public const string SimulateFlag = "--simulate";

    /// <summary>
    /// Builds the application from command-line <paramref name="args"/> (<c>--simulate</c>, <c>--Section:Key=value</c>),
    /// <c>appsettings.json</c> and <c>CARDBRIDGE_</c> environment variables; <paramref name="configure"/> lets tests add
    /// their own configuration last.
    /// </summary>
    public static WebApplication Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var simulate = args.Contains(SimulateFlag, StringComparer.Ordinal);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args.Where(a => a != SimulateFlag)],
            ContentRootPath = AppContext.BaseDirectory,
        });
        var configuration = builder.Configuration;
        configuration.AddEnvironmentVariables("CARDBRIDGE_");
        configuration.AddCommandLine([.. args.Where(a => a != SimulateFlag)]);
        if (simulate)
        {
            configuration.AddInMemoryCollection([new(SimulationOptions.Section + ":Enabled", "true")]);
        }
        configure?.Invoke(configuration);
        if (configuration.GetValue<bool>(SimulationOptions.Section + ":Enabled"))
        {
            InsertAfterAppSettings(configuration, "appsettings.Simulation.json");
        }

        builder.Host.UseSystemd();
        builder.Host.UseWindowsService(o => o.ServiceName = "CardBridge");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        LogSetup.Configure(builder);

        AddOptions<ListenerOptions, ListenerOptionsValidator>(builder, ListenerOptions.Section);
        AddOptions<SecurityOptions, SecurityOptionsValidator>(builder, SecurityOptions.Section);
        AddOptions<ReaderOptions, ReaderOptionsValidator>(builder, ReaderOptions.Section);
        AddOptions<SimulationOptions, SimulationOptionsValidator>(builder, SimulationOptions.Section);
        AddOptions<AuditOptions, AuditOptionsValidator>(builder, AuditOptions.Section);
        AddOptions<QrOptions, QrOptionsValidator>(builder, QrOptions.Section);
        AddOptions<TransitOptions, TransitOptionsValidator>(builder, TransitOptionsValidator.Section);
        AddOptions<GateModeOptions, GateModeOptionsValidator>(builder, TransitOptionsValidator.Section);
        SettlementSetup.Add(builder);
        builder.Services.PostConfigure<TransitOptions>(transit =>
        {
            // Simulator mode is a gate too, on the simulator's riders and its fake list key.
            if (configuration.GetValue<bool>(SimulationOptions.Section + ":Enabled"))
            {
                transit.ListsPath = string.IsNullOrWhiteSpace(transit.ListsPath) ? "simulation/transit-lists.json" : transit.ListsPath;
                transit.ListKey = string.IsNullOrWhiteSpace(transit.ListKey) ? TransitHost.SimulatedListKey : transit.ListKey;
                transit.PendingPurchasesPath = string.IsNullOrWhiteSpace(transit.PendingPurchasesPath) ? "simulation/transit-pending.db" : transit.PendingPurchasesPath;
            }
        });
        builder.Services.PostConfigure<SecurityOptions>(security =>
        {
            // Configuration can only override list entries, not remove them: an empty entry (`--Security:LocalScopes:0=`)
            // withdraws a scope a lower layer (appsettings.Simulation.json) granted.
            security.LocalScopes.RemoveAll(string.IsNullOrWhiteSpace);
            // Simulator mode needs no deployment key: holder ids then last as long as the process.
            if (configuration.GetValue<bool>(SimulationOptions.Section + ":Enabled") && string.IsNullOrWhiteSpace(security.PseudonymKey))
            {
                security.PseudonymKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            }
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TerminalHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TerminalHost>());
        // Started after the terminal (hosted services start in order): the desk follows its card events.
        builder.Services.AddSingleton<PresentationDesk>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PresentationDesk>());
        builder.Services.AddSingleton(sp => new CodeCredentialStore(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<QrOptions>>().Value.MaxCredentials));
        // The verifier times every call itself (Qr:Platform:CallTimeout); HttpClient's own 100 s must not cut in.
        builder.Services.AddHttpClient(QrHost.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<QrHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QrHost>());
        // After the desk, the QR host and the settlement layer: the gate writes rides into the journal.
        builder.Services.AddSingleton<TransitHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TransitHost>());
        // After the gate: it syncs the lists the gate opened.
        builder.Services.AddSingleton<RiderListSync>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RiderListSync>());
        builder.Services.AddSingleton<ClientRegistry>();
        builder.Services.AddSingleton<HolderPseudonym>();
        builder.Services.AddSingleton<IdentityMapper>();
        builder.Services.AddSingleton<CodeMapper>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AccessInterceptor>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<TerminalHost>().Bank
            ?? throw new InvalidOperationException("the simulator is off"));
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<AccessInterceptor>();
            o.MaxReceiveMessageSize = MaxRequestBytes;
            o.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpcHealthChecks().AddCheck<TerminalHealthCheck>("terminal");
        builder.Services.AddGrpcReflection();
        ObservabilitySetup.Add(builder);

        var listeners = configuration.GetSection(ListenerOptions.Section).Get<ListenerOptions>() ?? new ListenerOptions();
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureListeners(kestrel, listeners));

        var app = builder.Build();
        LogSetup.UseRequestLogging(app);
        ObservabilitySetup.Map(app);
        app.MapGrpcService<ReaderApi>();
        app.MapGrpcService<IdentityApi>();
        app.MapGrpcService<JournalApi>();
        app.MapGrpcService<SettlementApi>();
        app.MapGrpcService<TransitApi>();
        if (app.Services.GetRequiredService<IOptions<SimulationOptions>>().Value.Enabled)
        {
            app.MapGrpcService<SimulatorApi>();
        }
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    private static void AddOptions<TOptions, TValidator>(WebApplicationBuilder builder, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
    }

    private static void InsertAfterAppSettings(ConfigurationManager configuration, string file)
    {
        var source = new JsonConfigurationSource { Path = file, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        var last = configuration.Sources.ToList().FindLastIndex(s => s is JsonConfigurationSource);
        configuration.Sources.Insert(last + 1, source);
    }

    private static void ConfigureListeners(KestrelServerOptions kestrel, ListenerOptions listeners)
    {
        // No body limit of Kestrel's own: it raced gRPC's MaxReceiveMessageSize and turned RESOURCE_EXHAUSTED into UNKNOWN.
        // gRPC refuses an oversized message from its length prefix, and HTTP/2 flow control bounds what is buffered.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.Http2.MaxStreamsPerConnection = 256;
        if (listeners.LoopbackPort is >= 0 and <= 65535)
        {
            kestrel.Listen(IPAddress.Loopback, listeners.LoopbackPort, l => l.Protocols = HttpProtocols.Http2);
        }
        foreach (var tls in listeners.Tls)
        {
            if (!IPAddress.TryParse(tls.Address, out var address) || tls.Port is < 0 or > 65535 || !File.Exists(tls.CertificatePath) || !File.Exists(tls.KeyPath))
            {
                continue; // validation at start names the fault and stops the host
            }
            var certificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
            if (OperatingSystem.IsWindows())
            {
                // SChannel cannot use the ephemeral key a PEM import gives; a PKCS#12 round trip persists it for the process.
                using var ephemeral = certificate;
                certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            }
            var clientCa = tls.ClientCaPath is { } caPath && File.Exists(caPath) ? X509CertificateLoader.LoadCertificateFromFile(caPath) : null;
            kestrel.Listen(address, tls.Port, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                l.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    if (clientCa is not null)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                        https.ClientCertificateValidation = (client, _, _) => ChainsTo(client, clientCa);
                    }
                });
            });
        }
    }

    private static bool ChainsTo(X509Certificate2 client, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }

    /// <summary>
    /// Runs the service; also <c>hash-key</c> (a new API key and the hash to configure) and
    /// <c>new-pseudonym-key</c>. Exit codes: 0 stopped cleanly, 2 configuration error, 3 cannot listen.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "hash-key":
                var (key, stored) = ApiKeyHash.Create();
                await Console.Out.WriteLineAsync($"api key (give to the client, store nowhere else): {key}");
                await Console.Out.WriteLineAsync($"ApiKeyHashes entry for the service's configuration: {stored}");
                return 0;
            case "new-pseudonym-key":
                await Console.Out.WriteLineAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                return 0;
        }
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"configuration error: {e.Message}");
            return 2;
        }
        await using (app)
        {
            try
            {
                await app.RunAsync();
                return 0;
            }
            catch (Exception e) when (ValidationFailures(e) is { Count: > 0 } failures)
            {
                await Console.Error.WriteLineAsync("configuration error:");
                foreach (var failure in failures)
                {
                    await Console.Error.WriteLineAsync($"  {failure}");
                }
                return 2;
            }
            catch (InvalidOperationException e) when (e.InnerException is FormatException)
            {
                // The binder's "Failed to convert configuration value … at 'Section:Key' …" names the key.
                await Console.Error.WriteLineAsync("configuration error:");
                await Console.Error.WriteLineAsync($"  {e.Message}");
                return 2;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"cannot listen: {e.Message}");
                return 3;
            }
        }
    }

    // Faults in several options sections arrive together as an AggregateException.
    private static List<string> ValidationFailures(Exception error) => error switch
    {
        OptionsValidationException one => [.. one.Failures],
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };
}
