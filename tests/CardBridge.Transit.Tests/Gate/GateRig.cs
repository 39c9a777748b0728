using System.Collections.Frozen;
using System.Security.Cryptography;
using CardBridge.Cards.Transit;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Simulation.Transport;
using CardBridge.Journal;
using CardBridge.Transit.Eligibility;
using CardBridge.Transit.Fare;
using CardBridge.Transit.Gate;

namespace CardBridge.Transit.Tests.Gate;

/// <summary>
/// A gate on a temp directory: real journal, durable pending store and list file, a simulated PSAM, and the synthetic
/// riders of each category (elderly turning 65 on the tap date, disabled, veteran, ordinary, poor, hot-listed).
/// </summary>
internal sealed class GateRig : IAsyncDisposable
{
    public const string Gate = "GATE-01";
    public const string Line = "L1";
    public const string Stop = "S05";

    // 2026-11-29 09:00 Beijing.
    public static readonly DateTimeOffset TapTime = new(2026, 11, 29, 1, 0, 0, TimeSpan.Zero);
    public static readonly byte[] ListKey = SHA256.HashData("test rider list key"u8);
    public static readonly RiderKeys Keys = new(ListKey);

    private int _ids;

    private GateRig(string directory)
    {
        Directory = directory;
        Options = new TransitOptions
        {
            ListsPath = Path.Combine(directory, "lists.json"),
            ListKey = Convert.ToBase64String(ListKey),
            PendingPurchasesPath = Path.Combine(directory, "pending.db"),
            DefaultFareFen = 200,
            LineFaresFen = { ["L9"] = 350 },
        };
    }

    public string Directory { get; }

    public TransitOptions Options { get; }

    public ManualTime Time { get; } = new(TapTime);

    public SimulatedPsam Psam { get; } = SimCard.Psam().Build();

    public OfflineJournal Journal { get; private set; } = null!;

    public SqlitePendingPurchaseStore Pending { get; private set; } = null!;

    public RiderListStore Lists { get; private set; } = null!;

    public TransitGate GateLogic { get; private set; } = null!;

    public static JournalOptions JournalOptions(string directory) => new()
    {
        Path = Path.Combine(directory, "journal.db"),
        EncryptionKey = Convert.ToBase64String(SHA256.HashData("test encryption key"u8)),
        IntegrityKey = Convert.ToBase64String(SHA256.HashData("test integrity key"u8)),
        BusyTimeout = TimeSpan.FromSeconds(1),
    };

    public static async Task<GateRig> StartAsync(Action<TransitOptions>? configure = null)
    {
        var rig = new GateRig(Path.Combine(Path.GetTempPath(), "cardbridge-gate-" + Guid.NewGuid().ToString("N")));
        configure?.Invoke(rig.Options);
        await rig.OpenAsync();
        await rig.Lists.SyncAsync(RiderLists.Of([
            List(RiderLists.HotListName, Riders.HotListed),
            List("disabled", Riders.Disabled),
            List("veteran", Riders.Veteran),
        ]).ToJson(), CancellationToken.None);
        return rig;
    }

    /// <summary>Closes and reopens journal, pending store and lists: the gate restarted.</summary>
    public async Task RestartAsync()
    {
        await CloseAsync();
        await OpenAsync();
    }

    /// <summary>The card in a gate's reader; the rig's PSAM unless the gate has its own (<paramref name="psam"/>).</summary>
    public CardTap Tap(SimulatedSocialSecurityCard card, out SimulatedCardTransport slot, SimulatedPsam? psam = null)
    {
        slot = new SimulatedCardTransport(card);
        return new CardTap(new CardChannel(slot), card.Atr, new CardChannel(new SimulatedCardTransport(psam ?? Psam)));
    }

    public Task<TapDecision> TapAsync(SimulatedSocialSecurityCard card, string line = Line) =>
        GateLogic.TapAsync(Tap(card, out _), Gate, line, Stop, CancellationToken.None);

    public async Task<IReadOnlyList<JournalRecord>> RidesAsync() =>
        (await Journal.ListAsync(null, 1, 1000, CancellationToken.None)).Where(r => r.Kind == JournalKind.TransitRide).ToList();

    private static RiderList List(string name, string cardNumber) =>
        new(name, "2026-11-28.1", TapTime - TimeSpan.FromHours(12), new[] { Keys.Card(cardNumber) }.ToFrozenSet());

    private async Task OpenAsync()
    {
        Journal = await OfflineJournal.OpenAsync(JournalOptions(Directory), Time, CancellationToken.None);
        Pending = await SqlitePendingPurchaseStore.OpenAsync(Options.PendingPurchasesPath, CancellationToken.None);
        Lists = await RiderListStore.OpenAsync(Options.ListsPath, CancellationToken.None);
        GateLogic = new TransitGate(Options, Lists, Pending, Journal, Time, () => new Guid(0x7a000000 + Interlocked.Increment(ref _ids), 0, 0, new byte[8]));
    }

    private async Task CloseAsync()
    {
        await Journal.DisposeAsync();
        Pending.Dispose();
        Lists.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL for a moment; the temp cleaner takes it.
        }
    }
}

/// <summary>The synthetic riders: obviously fake card numbers and names.</summary>
internal static class Riders
{
    public const string Elderly = "SIMELD001";
    public const string Disabled = "SIMDIS001";
    public const string Veteran = "SIMVET001";
    public const string Ordinary = "SIMORD001";
    public const string Poor = "SIMPOR001";
    public const string HotListed = "SIMHOT001";

    /// <summary>Turns 65 on the rig's tap date (Beijing).</summary>
    public static SimulatedSocialSecurityCard ElderlyCard() =>
        Card(Elderly, "00000011", 0).WithBirthDate(new DateOnly(1961, 11, 29)).WithHolderName("测试老").Build();

    public static SimulatedSocialSecurityCard DisabledCard() => Card(Disabled, "00000012", 0).Build();

    public static SimulatedSocialSecurityCard VeteranCard() => Card(Veteran, "00000013", 0).Build();

    public static SimulatedSocialSecurityCard OrdinaryCard(uint balanceFen = 5000) => Card(Ordinary, "00000014", balanceFen).Build();

    public static SimulatedSocialSecurityCard PoorCard() => Card(Poor, "00000015", 150).Build();

    public static SimulatedSocialSecurityCard HotListedCard() => Card(HotListed, "00000016", 5000).Build();

    private static SocialSecurityCardBuilder Card(string cardNumber, string serial, uint balanceFen) =>
        SimCard.ThirdGen().WithCardNumber(cardNumber).WithSerial(Convert.FromHexString(serial))
            .WithBirthDate(new DateOnly(1990, 1, 1)).WithPurse(balanceFen);
}
