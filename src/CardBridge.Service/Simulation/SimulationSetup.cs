using System.Security.Cryptography;
using CardBridge.Qr.Sources;
using CardBridge.Service.Api;
using CardBridge.Service.Configuration;
using CardBridge.Settlement.Centre;
using CardBridge.Journal;
using CardBridge.Simulation.Centre;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Qr.Scanner;
using CardBridge.Simulation.Readers;
using CardBridge.Terminal;
using CardBridge.Terminal.Hsm;
using CardBridge.Transit;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Simulation;

/// <summary>
/// Simulator mode, wired in this one place (<c>--simulate</c>, or <c>Simulation:Enabled</c>): the simulation library
/// plugs in at the service's seams instead of hardware — the simulated reader bank as the reader monitor and card
/// connector, simulated scanners as QR sources — and, where the configuration names no real one, a simulated insurance
/// centre, QR platform and (with <c>Simulation:Hsm</c>) HSM platform behind the service's own adapters, and the
/// simulator's transit roots and rider lists with their FAKE keys. The hosts see only their seams. Its state goes to <see cref="SimulationOptions.StateDirectory"/>.
/// </summary>
internal static partial class SimulationSetup
{
    /// <summary>The command-line flag that turns simulator mode on.</summary>
    public const string Flag = "--simulate";

    private const string EnabledKey = SimulationOptions.Section + ":" + nameof(SimulationOptions.Enabled);
    private const string StateDirectoryKey = SimulationOptions.Section + ":" + nameof(SimulationOptions.StateDirectory);

    /// <summary><paramref name="args"/> without <see cref="Flag"/>, for the configuration's command line.</summary>
    public static string[] WithoutFlag(string[] args) => [.. args.Where(a => a != Flag)];

    /// <summary>Turns simulator mode on when <paramref name="args"/> hold <see cref="Flag"/>.</summary>
    public static void AddFlag(ConfigurationManager configuration, string[] args)
    {
        if (args.Contains(Flag, StringComparer.Ordinal))
        {
            configuration.AddInMemoryCollection([new(EnabledKey, "true")]);
        }
    }

    /// <summary>
    /// In simulator mode, puts the simulator's settings right above the appsettings files, so environment and command
    /// line still win: <c>appsettings.Simulation.json</c>, then the journal and the QR replay cache in the state directory.
    /// </summary>
    public static void AddSettings(ConfigurationManager configuration)
    {
        if (!configuration.GetValue<bool>(EnabledKey))
        {
            return;
        }
        var settings = new JsonConfigurationSource { Path = "appsettings.Simulation.json", Optional = false, ReloadOnChange = false };
        settings.ResolveFileProvider();
        InsertAfterAppSettings(configuration, settings);
        var state = configuration[StateDirectoryKey];
        InsertAfterAppSettings(configuration, new MemoryConfigurationSource
        {
            InitialData =
            [
                new("Journal:Path", SimulationState.PathOf(state, "journal.db")),
                new("Qr:Replay:DatabasePath", SimulationState.PathOf(state, "qr-replay.db")),
            ],
        });
    }

    /// <summary>Registers the section <c>Simulation</c> and, in simulator mode, the simulator at every seam. Call it first.</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<SimulationOptions, SimulationOptionsValidator>(SimulationOptions.Section);
        if (!builder.Configuration.GetValue<bool>(EnabledKey))
        {
            return;
        }
        var services = builder.Services;

        // The readers: the bank is the reader monitor and card connector, its PSAM slot the terminal's PSAM reader.
        services.AddSingleton(sp => Readers(sp.GetRequiredService<IOptions<SimulationOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SimulationSetup))));
        services.AddSingleton<IReaderMonitor>(sp => sp.GetRequiredService<SimulatedReaderBank>());
        services.AddSingleton<ICardConnector>(sp => sp.GetRequiredService<SimulatedReaderBank>());
        services.AddOptions<ReaderOptions>().PostConfigure<IOptions<SimulationOptions>>((readers, simulation) =>
            readers.PsamReader = simulation.Value.Psam ? simulation.Value.PsamReader : null);

        // The scanners: SimulatorService.PresentCode holds codes to them.
        var scanners = builder.Configuration.GetSection(SimulationOptions.Section + ":" + nameof(SimulationOptions.Scanners)).Get<List<string>>() ?? [];
        foreach (var scanner in scanners.Distinct(StringComparer.Ordinal))
        {
            services.AddKeyedSingleton(scanner, (sp, _) => new SimulatedScanner(
                scanner, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KeyboardWedgeQrSource>>()));
            services.AddSingleton(sp => sp.GetRequiredKeyedService<SimulatedScanner>(scanner).Source);
        }

        // What the terminal talks to, where the configuration names nothing real.
        services.AddSingleton<SimulatedPlatforms>();
        services.AddOptions<CentreOptions>().PostConfigure<SimulatedPlatforms>((centre, platforms) => centre.ServiceUri ??= platforms.CentreUri());
        services.AddOptions<QrOptions>().PostConfigure<SimulatedPlatforms>((qr, platforms) =>
        {
            qr.Platform ??= platforms.QrPlatformOptions();
            qr.Transit ??= platforms.TransitQrOptions();
        });
        services.AddOptions<HsmOptions>().PostConfigure<SimulatedPlatforms, IOptions<SimulationOptions>>((hsm, platforms, simulation) =>
        {
            if (simulation.Value.Hsm)
            {
                hsm.ServiceUri ??= platforms.HsmUri();
            }
        });

        // Keys a deployment configures: generated, or the simulator's FAKE ones.
        services.AddSingleton<SimulationJournalKeys>();
        services.AddOptions<JournalOptions>().PostConfigure<SimulationJournalKeys>((journal, keys) => keys.Apply(journal));
        services.AddOptions<SecurityOptions>().PostConfigure(security =>
        {
            // No deployment key: holder ids then last as long as the process.
            if (string.IsNullOrWhiteSpace(security.PseudonymKey))
            {
                security.PseudonymKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            }
        });

        // Simulator mode is a gate too, on the simulator's riders and its FAKE list key; the lists are in place before the gate opens them.
        services.AddOptions<TransitOptions>().PostConfigure<IOptions<SimulationOptions>>((transit, simulation) =>
        {
            var state = simulation.Value.StateDirectory;
            if (string.IsNullOrWhiteSpace(transit.ListsPath))
            {
                transit.ListsPath = SimulationState.PathOf(state, "transit-lists.json");
            }
            if (string.IsNullOrWhiteSpace(transit.ListKey))
            {
                transit.ListKey = SimulatedRiderLists.FakeListKey;
            }
            if (string.IsNullOrWhiteSpace(transit.PendingPurchasesPath))
            {
                transit.PendingPurchasesPath = SimulationState.PathOf(state, "transit-pending.db");
            }
        });
        services.AddHostedService<SimulatedRiderListSeed>();
    }

    /// <summary>Maps SimulatorService, in simulator mode only.</summary>
    public static void Map(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SimulationOptions>>().Value.Enabled)
        {
            app.MapGrpcService<SimulatorApi>();
        }
    }

    // The people's readers and, with the PSAM, its slot holding the simulated PSAM; the initial cards are in before the
    // terminal first looks, so it finds them as it would cards already in PC/SC readers.
    private static SimulatedReaderBank Readers(SimulationOptions simulation, TimeProvider time, ILogger logger)
    {
        var bank = new SimulatedReaderBank(simulation.Psam ? [.. simulation.Readers, simulation.PsamReader] : simulation.Readers, time);
        foreach (var reader in simulation.PinPadReaders)
        {
            bank.GivePinPad(reader);
        }
        if (simulation.Psam)
        {
            bank.Insert(simulation.PsamReader, CardProfiles.Load(simulation.PsamProfile));
        }
        foreach (var (reader, profile) in simulation.InitialCards)
        {
            bank.Insert(reader, CardProfiles.Load(profile));
        }
        LogReaders(logger, string.Join(", ", simulation.Readers));
        return bank;
    }

    private static void InsertAfterAppSettings(ConfigurationManager configuration, IConfigurationSource source)
    {
        var last = configuration.Sources.ToList().FindLastIndex(s => s is JsonConfigurationSource);
        configuration.Sources.Insert(last + 1, source);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator mode: simulated readers {Readers} with synthetic cards, no PC/SC")]
    private static partial void LogReaders(ILogger logger, string readers);
}
