using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using CardBridge.Api.V1;
using CardBridge.Journal;
using CardBridge.Service.Hosting;
using CardBridge.Service.Simulation;
using CardBridge.Simulation.Centre;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Readers;
using CardBridge.Terminal;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Bench;

/// <summary>
/// Settlements per second, eight kinds measured in one run, taking turns in rounds so that the machine's noise falls
/// on all of them alike: (1) the offline journal alone, one durable transaction per record (<c>AppendAsync</c>,
/// <c>synchronous=FULL</c>), sequential; (2) the journal alone with a batch in one transaction
/// (<c>AppendBatchAsync</c>, batches of <see cref="BatchSize"/>); (3) SettlementService.Settle over a gRPC loopback
/// channel to the real service in-process in simulator mode, online (PIN verified on the card, 1101 + 2207 to the
/// in-process simulated centre over loopback HTTP, the idempotency record's writes); (4) the same call with the centre
/// down, settled offline (the journal first, then the card's DF04 purse debit with the PSAM's MACs and its EF06
/// totals) — (3) and (4) one client, one call at a time; (5)–(8) online and offline again with <see cref="Clients"/>
/// clients at once, each on its own channel and reader, once against a service whose journal commits writes arriving
/// together as a group (<c>Journal:GroupCommit=true</c>) and once against one that commits each alone (<c>false</c>).
/// Everything after a warm-up pass of each kind that is discarded.
/// </summary>
internal static class SettlementThroughput
{
    public const string Name = "settlement-throughput";

    private const int Rounds = 20;
    private const int BatchSize = 16;
    private const long BillFen = 100;

    // A fresh card goes in (untimed) before this many offline settlements have been made with the one in the
    // reader: EF06 counts offline settlements in one byte (255 at most) and the purse holds 50000 fen (500 bills of
    // 100 fen). The cyclic EF08 (30 records) wrapping is no limit: the card keeps settling offline past it.
    private const int OfflinePerCard = 200;

    // The concurrent kinds: this many clients at once, each on its own gRPC channel and simulated reader.
    private const int Clients = 4;

    private static readonly TimeSpan CardReadyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <paramref name="iterations"/> settlements of each one-client kind, appends of the single-record journal kind and
    /// batches of the batch kind, over <see cref="Rounds"/> rounds; as many settlements of each client of a
    /// concurrent kind (so a concurrent kind makes <see cref="Clients"/> times as many calls).
    /// </summary>
    public static async Task<Result> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        var loadBefore = Conditions.LoadAverage();
        var turns = new Turns(Rounds, iterations);
        var perRound = turns.PerRound;
        // As many group commits as single ones: about as many durable syncs, BatchSize times the records.
        var batchesPerRound = perRound;
        var perClientPerRound = Math.Min(perRound, OfflinePerCard);
        var directory = Directory.CreateTempSubdirectory("cardbridge-bench-journal-");
        try
        {
            var journalPath = Path.Combine(directory.FullName, "journal.db");
            await using var journal = await OfflineJournal.OpenAsync(new JournalOptions
            {
                Path = journalPath,
                EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                IntegrityKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            }, TimeProvider.System, cancellationToken);
            await using var online = await InProcessService.StartSimulatedAsync(1, _ => SettlementSettings(offline: false, groupCommit: true), cancellationToken);
            await using var offline = await InProcessService.StartSimulatedAsync(1, _ => SettlementSettings(offline: true, groupCommit: true), cancellationToken);
            await using var onlineGroupOn = await InProcessService.StartSimulatedAsync(Clients, _ => SettlementSettings(offline: false, groupCommit: true), cancellationToken);
            await using var onlineGroupOff = await InProcessService.StartSimulatedAsync(Clients, _ => SettlementSettings(offline: false, groupCommit: false), cancellationToken);
            await using var offlineGroupOn = await InProcessService.StartSimulatedAsync(Clients, _ => SettlementSettings(offline: true, groupCommit: true), cancellationToken);
            await using var offlineGroupOff = await InProcessService.StartSimulatedAsync(Clients, _ => SettlementSettings(offline: true, groupCommit: false), cancellationToken);
            foreach (var down in new[] { offline, offlineGroupOn, offlineGroupOff })
            {
                CentreOf(down).InjectFault(new CentreFaultRule(CentreFault.Down));
            }
            using var onlineChannel = online.NewChannel();
            using var offlineChannel = offline.NewChannel();
            using var concurrent = new ConcurrentKinds(
                new ConcurrentClients(onlineGroupOn, offline: false),
                new ConcurrentClients(onlineGroupOff, offline: false),
                new ConcurrentClients(offlineGroupOn, offline: true),
                new ConcurrentClients(offlineGroupOff, offline: true));
            var kinds = new Kinds(journal, new SettlementService.SettlementServiceClient(onlineChannel),
                new OfflineCard(offline, InProcessService.ReaderName(0), new SettlementService.SettlementServiceClient(offlineChannel)), concurrent);

            var measured = new Measured();
            await turns.TakeAsync(pass => kinds.RoundAsync(pass.Round, perRound, batchesPerRound, perClientPerRound, pass.Into(measured), cancellationToken));
            return new Result(
                Rounds,
                BillFen,
                Kind.Of(measured.Single),
                new GroupKind(measured.Group.Summary(), Samples.Of([.. measured.Group.Samples.Select(ms => ms / BatchSize)]),
                    BatchSize, measured.Group.Count * BatchSize / measured.Group.Seconds),
                Kind.Of(measured.Online),
                Kind.Of(measured.Offline),
                measured.OfflineByFill(),
                kinds.Card.CardsInserted,
                OfflinePerCard,
                new ConcurrentResult(
                    Clients,
                    perClientPerRound,
                    Kind.Of(measured.OnlineGroupOn),
                    Kind.Of(measured.OnlineGroupOff),
                    Kind.Of(measured.OfflineGroupOn),
                    Kind.Of(measured.OfflineGroupOff),
                    concurrent.OfflineGroupOn.CardsInserted + concurrent.OfflineGroupOff.CardsInserted),
                Filesystem(journalPath),
                loadBefore,
                Conditions.LoadAverage());
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file the OS still holds open is left for the temp cleaner.
            }
        }
    }

    internal static List<KeyValuePair<string, string?>> SettlementSettings(bool offline, bool groupCommit)
    {
        var settings = new List<KeyValuePair<string, string?>>
        {
            new("Journal:GroupCommit", groupCommit ? "true" : "false"),
            // The loopback caller's scopes: the simulator settings list four, the fifth lets it settle.
            new("Security:LocalScopes:4", "settlement"),
            // No upload round after the one at start for as long as the run lasts.
            new("Journal:UploadInterval", "1.00:00:00"),
        };
        if (offline)
        {
            settings.AddRange(
            [
                // The centre is down: each call fails at once instead of being retried.
                new("Centre:MaxRetries", "0"),
                // The same holder settles every bill, and nothing is uploaded: caps far above the run's total.
                new("Settlement:OfflineMaxPerCardPerDayFen", "1000000000"),
                new("Settlement:OfflineMaxTerminalPendingFen", "1000000000"),
            ]);
        }
        return settings;
    }

    internal static SimulatedCentre CentreOf(InProcessService service) =>
        service.Services.GetRequiredService<SimulatedPlatforms>().Centre
        ?? throw new InvalidOperationException("the service runs no simulated centre");

    private static SettleRequest Request(string reader) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Credential = new SettlementCredential { Card = new CardTarget { Reader = reader } },
        Bill = new Bill { Scenario = SettlementScenario.Outpatient, TotalFen = BillFen },
        Pin = InProcessService.SimulatedCardPin,
        Purpose = InProcessService.Purpose,
    };

    // A record as an offline settlement leaves it once its card write is confirmed (TAC and counter kept).
    private static JournalDraft Draft() => new(
        Guid.NewGuid(),
        "999900000001",
        JournalKind.OfflineMedicalSettlement,
        PaymentSplit.FromPersonalAccount(BillFen),
        SHA256.HashData(BitConverter.GetBytes(BillFen)),
        Convert.FromHexString("A1B2C3D4"),
        Convert.FromHexString("0001"),
        new PersonalFields("SIM000001", "990001199001010013", "测试甲"));

    private static string Filesystem(string path)
    {
        var full = Path.GetFullPath(path);
        var drive = DriveInfo.GetDrives()
            .Where(d => full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .MaxBy(d => d.RootDirectory.FullName.Length);
        return drive is null ? "unknown" : $"{drive.DriveFormat} at {drive.RootDirectory.FullName}";
    }

    /// <summary>
    /// The eight kinds; each round runs every kind once, in the same order, except that the group-commit-on and -off
    /// services of a concurrent kind swap places every other round (so neither always follows the same neighbour).
    /// </summary>
    private sealed class Kinds(
        OfflineJournal journal, SettlementService.SettlementServiceClient online, OfflineCard card, ConcurrentKinds concurrent)
    {
        public OfflineCard Card => card;

        public async Task RoundAsync(
            int round, int perRound, int batchesPerRound, int perClientPerRound, Measured into, CancellationToken cancellationToken)
        {
            await into.Single.TimeAsync(perRound, () => journal.AppendAsync(Draft(), cancellationToken));
            await into.Group.TimeAsync(batchesPerRound, () => journal.AppendBatchAsync([.. Enumerable.Range(0, BatchSize).Select(_ => Draft())], cancellationToken));
            await into.Online.TimeAsync(perRound, () => SettleOnlineAsync(online, InProcessService.ReaderName(0), cancellationToken));
            var first = into.Offline.Count;
            await into.Offline.TimeAsync(perRound, () => card.SettleAsync(cancellationToken), () => card.EnsureRoomAsync(1, cancellationToken));
            into.OfflineFill.AddRange(card.FillBefore.TakeLast(into.Offline.Count - first));
            (ConcurrentClients Clients, Series Into)[] pairs = round % 2 == 0
                ?
                [
                    (concurrent.OnlineGroupOn, into.OnlineGroupOn), (concurrent.OnlineGroupOff, into.OnlineGroupOff),
                    (concurrent.OfflineGroupOn, into.OfflineGroupOn), (concurrent.OfflineGroupOff, into.OfflineGroupOff),
                ]
                :
                [
                    (concurrent.OnlineGroupOff, into.OnlineGroupOff), (concurrent.OnlineGroupOn, into.OnlineGroupOn),
                    (concurrent.OfflineGroupOff, into.OfflineGroupOff), (concurrent.OfflineGroupOn, into.OfflineGroupOn),
                ];
            foreach (var (clients, series) in pairs)
            {
                await clients.RoundAsync(perClientPerRound, series, cancellationToken);
            }
        }
    }

    internal static async Task SettleOnlineAsync(SettlementService.SettlementServiceClient client, string reader, CancellationToken cancellationToken)
    {
        var response = await client.SettleAsync(Request(reader), cancellationToken: cancellationToken);
        if (response.Offline || response.SettlementId.Length == 0 || response.Replayed)
        {
            throw new InvalidOperationException($"an online settle in {reader} was answered offline {response.Offline}, settlement id '{response.SettlementId}', replayed {response.Replayed}");
        }
    }

    /// <summary>The four concurrent kinds: online and offline, each against a group-commit-on and a group-commit-off service.</summary>
    private sealed class ConcurrentKinds(
        ConcurrentClients onlineGroupOn, ConcurrentClients onlineGroupOff, ConcurrentClients offlineGroupOn, ConcurrentClients offlineGroupOff)
        : IDisposable
    {
        public ConcurrentClients OnlineGroupOn => onlineGroupOn;

        public ConcurrentClients OnlineGroupOff => onlineGroupOff;

        public ConcurrentClients OfflineGroupOn => offlineGroupOn;

        public ConcurrentClients OfflineGroupOff => offlineGroupOff;

        public void Dispose()
        {
            onlineGroupOn.Dispose();
            onlineGroupOff.Dispose();
            offlineGroupOn.Dispose();
            offlineGroupOff.Dispose();
        }
    }

    /// <summary>
    /// <see cref="Clients"/> clients of one service settling at the same time, client <c>i</c> on a channel of its own
    /// (its own HTTP/2 connection) with the card in <c>Simulated Reader i</c>; online, or offline with its centre down.
    /// </summary>
    private sealed class ConcurrentClients : IDisposable
    {
        private readonly GrpcChannel[] _channels;
        private readonly SettlementService.SettlementServiceClient[] _clients;
        private readonly OfflineCard[]? _cards;

        public ConcurrentClients(InProcessService service, bool offline)
        {
            _channels = [.. Enumerable.Range(0, Clients).Select(_ => service.NewChannel())];
            _clients = [.. _channels.Select(c => new SettlementService.SettlementServiceClient(c))];
            _cards = offline ? [.. Enumerable.Range(0, Clients).Select(i => new OfflineCard(service, InProcessService.ReaderName(i), _clients[i]))] : null;
        }

        /// <summary>Fresh cards put in over the run (beyond the first in each reader).</summary>
        public int CardsInserted => _cards?.Sum(c => c.CardsInserted - 1) ?? 0;

        /// <summary>
        /// Every client settles <paramref name="perClient"/> times back to back, all starting together; the kind's
        /// seconds are the wall time until the last client is done. Cards with too little room left for the round are
        /// replaced first, untimed.
        /// </summary>
        public async Task RoundAsync(int perClient, Series into, CancellationToken cancellationToken)
        {
            foreach (var card in _cards ?? [])
            {
                await card.EnsureRoomAsync(perClient, cancellationToken);
            }
            var samples = Enumerable.Range(0, Clients).Select(_ => new Series()).ToArray();
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => ClientAsync(i, perClient, samples[i], cancellationToken)));
            into.AddSeconds(Stopwatch.GetElapsedTime(started).TotalSeconds);
            foreach (var client in samples)
            {
                into.AddRange(client);
            }
        }

        private async Task ClientAsync(int client, int count, Series samples, CancellationToken cancellationToken)
        {
            // Off the caller's thread at once, so the clients start together.
            await Task.Yield();
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                if (_cards is { } cards)
                {
                    await cards[client].SettleAsync(cancellationToken);
                }
                else
                {
                    await SettleOnlineAsync(_clients[client], InProcessService.ReaderName(client), cancellationToken);
                }
                samples.AddSince(start);
            }
        }

        public void Dispose()
        {
            foreach (var channel in _channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>A reader of an offline service: settles offline with its card and puts a fresh card in before the one there is full.</summary>
    private sealed class OfflineCard(InProcessService service, string reader, SettlementService.SettlementServiceClient client)
    {
        private readonly string _reader = reader;
        private int _settledWithCard;

        public int CardsInserted { get; private set; } = 1;

        /// <summary>For each offline settlement, how many this card had made before it (newest last).</summary>
        public List<int> FillBefore { get; } = [];

        public async Task SettleAsync(CancellationToken cancellationToken)
        {
            FillBefore.Add(_settledWithCard);
            var response = await client.SettleAsync(Request(_reader), cancellationToken: cancellationToken);
            _settledWithCard++;
            if (!response.Offline || !response.CardWritten || response.JournalSequence <= 0)
            {
                throw new InvalidOperationException($"an offline settle in {_reader} was answered offline {response.Offline}, card written {response.CardWritten}, journal sequence {response.JournalSequence}");
            }
        }

        /// <summary>
        /// Outside the timed calls: a fresh third-gen card, once its session is ready, when the one in the reader has
        /// room for fewer than <paramref name="calls"/> more offline settlements.
        /// </summary>
        public async Task EnsureRoomAsync(int calls, CancellationToken cancellationToken)
        {
            if (_settledWithCard + calls <= OfflinePerCard)
            {
                return;
            }
            var terminal = service.Terminal;
            var before = terminal.Readers.Single(r => r.Name == _reader).SessionId;
            var bank = service.Services.GetRequiredService<SimulatedReaderBank>();
            bank.Remove(_reader);
            bank.Insert(_reader, CardProfiles.Load("third-gen"));
            using var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ready.CancelAfter(CardReadyTimeout);
            await foreach (var change in terminal.WatchFromNowAsync(ready.Token))
            {
                switch (change)
                {
                    case SessionReadyEvent { Session: var session } when session.Reader == _reader && session.Id != before:
                        _settledWithCard = 0;
                        CardsInserted++;
                        return;
                    case CardUnreadableEvent unreadable when unreadable.Reader == _reader:
                        throw new InvalidOperationException($"the fresh card in {_reader} could not be read", unreadable.Error);
                }
            }
            throw new InvalidOperationException("the terminal's event stream ended before the fresh card was read");
        }
    }

    private sealed class Measured
    {
        public Series Single { get; } = new();

        public Series Group { get; } = new();

        public Series Online { get; } = new();

        public Series Offline { get; } = new();

        public Series OnlineGroupOn { get; } = new();

        public Series OnlineGroupOff { get; } = new();

        public Series OfflineGroupOn { get; } = new();

        public Series OfflineGroupOff { get; } = new();

        /// <summary>For each offline sample, the offline settlements its card held before it.</summary>
        public List<int> OfflineFill { get; } = [];

        /// <summary>Offline latency by the card's fill: the first, middle and last third of a card's settlements.</summary>
        public FillThirds OfflineByFill()
        {
            var third = OfflinePerCard / 3;
            Samples Of(int from, int to) => Samples.Of([.. Offline.Samples.Where((_, i) => OfflineFill[i] >= from && OfflineFill[i] < to)]);
            return new FillThirds(Of(0, third), Of(third, 2 * third), Of(2 * third, OfflinePerCard));
        }
    }

    /// <summary>Offline settle latency by how many offline settlements the card already held (the card reads all of EF08 each time).</summary>
    internal sealed record FillThirds(
        [property: JsonPropertyName("first_third")] Samples First,
        [property: JsonPropertyName("second_third")] Samples Second,
        [property: JsonPropertyName("last_third")] Samples Last);

    /// <summary>One kind: latency per call and calls per second over the rounds' wall time.</summary>
    internal sealed record Kind(
        [property: JsonPropertyName("latency")] Samples Latency,
        [property: JsonPropertyName("settlements_per_s")] double PerSecond)
    {
        public static Kind Of(Series series) => new(series.Summary(), series.PerSecond);
    }

    /// <summary>Group commit: latency per batch, per record (a batch's time over its size), and records per second.</summary>
    internal sealed record GroupKind(
        [property: JsonPropertyName("batch_latency")] Samples BatchLatency,
        [property: JsonPropertyName("per_record")] Samples PerRecord,
        [property: JsonPropertyName("batch_size")] int BatchSize,
        [property: JsonPropertyName("settlements_per_s")] double RecordsPerSecond);

    /// <summary>The concurrent kinds: group commit on and off, online and offline, and the on/off ratios of settlements per second.</summary>
    internal sealed record ConcurrentResult(
        [property: JsonPropertyName("clients")] int Clients,
        [property: JsonPropertyName("calls_per_client_per_round")] int PerClientPerRound,
        [property: JsonPropertyName("settle_online_grpc_group_commit_on")] Kind OnlineGroupOn,
        [property: JsonPropertyName("settle_online_grpc_group_commit_off")] Kind OnlineGroupOff,
        [property: JsonPropertyName("settle_offline_grpc_group_commit_on")] Kind OfflineGroupOn,
        [property: JsonPropertyName("settle_offline_grpc_group_commit_off")] Kind OfflineGroupOff,
        [property: JsonPropertyName("offline_cards_replaced")] int OfflineCardsReplaced)
    {
        [JsonPropertyName("ratio_group_on_to_off_settlements_per_s_online")]
        public double OnlineOnToOff => OnlineGroupOn.PerSecond / OnlineGroupOff.PerSecond;

        [JsonPropertyName("ratio_group_on_to_off_settlements_per_s_offline")]
        public double OfflineOnToOff => OfflineGroupOn.PerSecond / OfflineGroupOff.PerSecond;
    }

    internal sealed record Result(
        [property: JsonPropertyName("rounds")] int Rounds,
        [property: JsonPropertyName("bill_fen")] long BillFen,
        [property: JsonPropertyName("journal_single_commit")] Kind JournalSingle,
        [property: JsonPropertyName("journal_group_commit")] GroupKind JournalGroup,
        [property: JsonPropertyName("settle_online_grpc")] Kind Online,
        [property: JsonPropertyName("settle_offline_grpc")] Kind Offline,
        [property: JsonPropertyName("settle_offline_by_card_fill")] FillThirds OfflineByFill,
        [property: JsonPropertyName("offline_cards_used")] int OfflineCards,
        [property: JsonPropertyName("offline_settlements_per_card")] int OfflinePerCard,
        [property: JsonPropertyName("concurrent")] ConcurrentResult Concurrent,
        [property: JsonPropertyName("journal_filesystem")] string JournalFilesystem,
        [property: JsonPropertyName("load_average_before")] string LoadBefore,
        [property: JsonPropertyName("load_average_after")] string LoadAfter) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "Settlements per second, the eight kinds taking turns in rounds after a discarded warm-up round; the first four with one caller, one call at a time: " +
            "journal_single_commit = OfflineJournal.AppendAsync, one durable SQLite transaction (WAL, synchronous=FULL) per record; " +
            "journal_group_commit = AppendBatchAsync of batch_size records in one transaction (batch_latency per batch, per_record = batch / size); " +
            "settle_online_grpc = SettlementService.Settle over gRPC loopback to the real service in-process in simulator mode (PIN verify on the card, 1101 + 2207 to the in-process simulated centre over loopback HTTP, idempotency record writes; Journal:GroupCommit=true); " +
            "settle_offline_grpc = the same with the centre down (Centre:MaxRetries=0): journal first, then the card's DF04 purse debit with PSAM MAC1/MAC2 and EF06 totals, then the record confirmed; " +
            "a fresh card goes in (untimed) before a card would exceed offline_settlements_per_card (EF06's one-byte offline count, the 50000 fen purse); " +
            "concurrent = the same two calls from `clients` callers at once, each on its own gRPC channel and simulated reader with its own third-gen card, each making calls_per_client_per_round calls back to back per round, " +
            "against a service with Journal:GroupCommit=true (writes arriving while one commits share its transaction and durable sync) and one with false (each write its own transaction and sync); " +
            "settlements_per_s = all clients' calls / wall time from the common start to the last client's end; latency per call; the on and off services swap order every other round; " +
            "offline fresh cards go in (untimed) before a round that would take a card past offline_settlements_per_card";

        [JsonPropertyName("ratio_group_to_single_records_per_s")]
        public double GroupToSingle => JournalGroup.RecordsPerSecond / JournalSingle.PerSecond;

        [JsonPropertyName("ratio_online_to_journal_single_latency")]
        public Ratio OnlineToSingle => Ratio.Of(Online.Latency, JournalSingle.Latency);

        [JsonPropertyName("ratio_offline_to_journal_single_latency")]
        public Ratio OfflineToSingle => Ratio.Of(Offline.Latency, JournalSingle.Latency);

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        [JsonPropertyName("gc")]
        public string Gc { get; } = Conditions.Gc;

        public string Describe() => string.Join('\n',
        [
            string.Create(CultureInfo.InvariantCulture, $"{Name}: {Rounds} rounds, bills of {BillFen} fen, journal on {JournalFilesystem}"),
            Line("journal, one commit each   ", JournalSingle.Latency, JournalSingle.PerSecond, "records/s"),
            Line($"journal, group of {JournalGroup.BatchSize} (batch)", JournalGroup.BatchLatency, JournalGroup.RecordsPerSecond, "records/s"),
            Line("journal, group, per record ", JournalGroup.PerRecord, JournalGroup.RecordsPerSecond, "records/s"),
            Line("Settle gRPC online         ", Online.Latency, Online.PerSecond, "settlements/s"),
            Line("Settle gRPC offline        ", Offline.Latency, Offline.PerSecond, "settlements/s"),
            string.Create(CultureInfo.InvariantCulture,
                $"  offline median by the card's fill, thirds of {OfflinePerCard}: {OfflineByFill.First.MedianMs:F3} / {OfflineByFill.Second.MedianMs:F3} / {OfflineByFill.Last.MedianMs:F3} ms"),
            string.Create(CultureInfo.InvariantCulture, $"  ratio group/single records/s {GroupToSingle:F2}"),
            string.Create(CultureInfo.InvariantCulture, $"  ratio online/journal single   median {OnlineToSingle.Median:F2}  p99 {OnlineToSingle.P99:F2}"),
            string.Create(CultureInfo.InvariantCulture, $"  ratio offline/journal single  median {OfflineToSingle.Median:F2}  p99 {OfflineToSingle.P99:F2}"),
            string.Create(CultureInfo.InvariantCulture, $"  {Concurrent.Clients} clients at once, {Concurrent.PerClientPerRound} calls each per round:"),
            Line("Settle online, group on    ", Concurrent.OnlineGroupOn.Latency, Concurrent.OnlineGroupOn.PerSecond, "settlements/s"),
            Line("Settle online, group off   ", Concurrent.OnlineGroupOff.Latency, Concurrent.OnlineGroupOff.PerSecond, "settlements/s"),
            Line("Settle offline, group on   ", Concurrent.OfflineGroupOn.Latency, Concurrent.OfflineGroupOn.PerSecond, "settlements/s"),
            Line("Settle offline, group off  ", Concurrent.OfflineGroupOff.Latency, Concurrent.OfflineGroupOff.PerSecond, "settlements/s"),
            string.Create(CultureInfo.InvariantCulture, $"  ratio group on/off settlements/s  online {Concurrent.OnlineOnToOff:F2}  offline {Concurrent.OfflineOnToOff:F2}"),
            $"  {OfflineCards} cards used offline by one client, {Concurrent.OfflineCardsReplaced} fresh cards by the concurrent clients; {Gc} GC; load average before {LoadBefore}, after {LoadAfter}",
        ]);

        private static string Line(string label, Samples samples, double perSecond, string unit) => string.Create(CultureInfo.InvariantCulture,
            $"  {label} n {samples.Count,5}  median {samples.MedianMs,8:F3} ms  p99 {samples.P99Ms,8:F3} ms  {perSecond,8:F1} {unit}");
    }
}
