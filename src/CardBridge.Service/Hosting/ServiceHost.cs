using System.Security.Cryptography;
using CardBridge.Service.Api;
using CardBridge.Service.Credentials;
using CardBridge.Service.Logging;
using CardBridge.Service.Observability;
using CardBridge.Service.Security;
using CardBridge.Service.Simulation;
using CardBridge.Service.Standard;
using CardBridge.Service.Transit;
using CardBridge.Service.Web;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Hosting;

/// <summary>Builds and runs the service: configuration, then one registration per feature, then the endpoints.</summary>
internal static class ServiceHost
{
    /// <summary>How long shutdown may take before the host gives up waiting (calls, streams, the terminal).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    public const string SimulateFlag = SimulationSetup.Flag;

    /// <summary>
    /// Builds the application from command-line <paramref name="args"/> (<c>--simulate</c>, <c>--Section:Key=value</c>),
    /// <c>appsettings.json</c> and <c>CARDBRIDGE_</c> environment variables; <paramref name="configure"/> lets tests add
    /// their own configuration last.
    /// </summary>
    public static WebApplication Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = SimulationSetup.WithoutFlag(args),
            ContentRootPath = AppContext.BaseDirectory,
        });
        var configuration = builder.Configuration;
        configuration.AddEnvironmentVariables("CARDBRIDGE_");
        configuration.AddCommandLine(SimulationSetup.WithoutFlag(args));
        SimulationSetup.AddFlag(configuration, args);
        configure?.Invoke(configuration);
        SimulationSetup.AddSettings(configuration);

        builder.Host.UseSystemd();
        builder.Host.UseWindowsService(o => o.ServiceName = "CardBridge");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(TimeProvider.System);
        LogSetup.Configure(builder);

        // Hosted services start in registration order and stop in reverse, so the order below is the order of the
        // service's life. The simulator first: it plugs in at the seams the features below take, and puts its rider
        // lists in place before the gate opens them.
        SimulationSetup.Add(builder);
        // The settlement layer opens the journal, which the gate writes rides into.
        SettlementSetup.Add(builder);
        TerminalSetup.Add(builder);
        // The presentation desk follows the terminal's card events; the QR host hands it the scans.
        CredentialSetup.Add(builder);
        // After the desk, the QR host and the settlement layer, whose journal it writes to.
        TransitSetup.Add(builder);
        StandardInterfaceSetup.Add(builder);
        SecuritySetup.Add(builder);
        ApiSetup.Add(builder);
        ObservabilitySetup.Add(builder);
        ListenerSetup.Add(builder);
        WebSetup.Add(builder);
        ApiSetup.BindTolerantly(builder.Services);

        var app = builder.Build();
        LogSetup.UseRequestLogging(app);
        ObservabilitySetup.Map(app);
        WebSetup.Map(app);
        ApiSetup.Map(app);
        StandardInterfaceSetup.Map(app);
        SimulationSetup.Map(app);
        return app;
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
