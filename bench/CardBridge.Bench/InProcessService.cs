using System.Globalization;
using CardBridge.Service.Hosting;
using CardBridge.Service.Web;
using CardBridge.Terminal;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Bench;

/// <summary>
/// The real service started in-process on a free loopback port, with its diagnostic and audit logs and its journal in a
/// temp directory of its own: in simulator mode (<c>--simulate</c>) with simulated readers each holding a
/// third-generation card, present once every card's pre-read session is ready; or on PC/SC, configured by the caller.
/// Disposing stops the service and deletes its directory.
/// </summary>
internal sealed class InProcessService : IAsyncDisposable
{
    /// <summary>The purpose every benchmark call states.</summary>
    public const string Purpose = "benchmark";

    /// <summary>The synthetic PIN of the shipped third-gen profile; the right PIN, so the try counter never drops.</summary>
    public const string SimulatedCardPin = "123456";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;
    private readonly string _directory;

    private InProcessService(WebApplication app, string directory, Uri address, IReadOnlyList<CardSession> sessions)
    {
        _app = app;
        _directory = directory;
        Address = address;
        Sessions = sessions;
    }

    /// <summary>The plaintext loopback listener.</summary>
    public Uri Address { get; }

    /// <summary>The pre-read session of each simulated reader's card, in reader order; none on PC/SC.</summary>
    public IReadOnlyList<CardSession> Sessions { get; }

    public IServiceProvider Services => _app.Services;

    public CardTerminal Terminal => _app.Services.GetRequiredService<TerminalHost>().Terminal;

    /// <summary>The name of simulated reader <paramref name="index"/>, the shipped simulator settings' naming.</summary>
    public static string ReaderName(int index) => string.Create(CultureInfo.InvariantCulture, $"Simulated Reader {index}");

    /// <summary>
    /// Simulator mode with readers <c>Simulated Reader 0</c> … <c>readers - 1</c>, a <c>third-gen</c> card in each.
    /// The shipped simulator settings list two readers, so a one-reader service still has an empty
    /// <c>Simulated Reader 1</c> (configuration keys can override a list entry, not remove it).
    /// <paramref name="settings"/> (given the service's directory) are added last, so they override the defaults here.
    /// </summary>
    public static async Task<InProcessService> StartSimulatedAsync(
        int readers, Func<string, IEnumerable<KeyValuePair<string, string?>>>? settings, CancellationToken cancellationToken)
    {
        var simulated = new List<KeyValuePair<string, string?>>();
        for (var i = 0; i < readers; i++)
        {
            simulated.Add(new(string.Create(CultureInfo.InvariantCulture, $"Simulation:Readers:{i}"), ReaderName(i)));
            simulated.Add(new("Simulation:InitialCards:" + ReaderName(i), "third-gen"));
        }
        return await StartAsync(
            [ServiceHost.SimulateFlag],
            directory =>
            [
                .. simulated,
                // The simulator's transit and QR stores, like the journal, start empty in the service's directory, not in the working directory.
                new("Transit:ListsPath", Path.Combine(directory, "transit-lists.json")),
                new("Transit:PendingPurchasesPath", Path.Combine(directory, "transit-pending.db")),
                new("Qr:Replay:DatabasePath", Path.Combine(directory, "qr-replay.db")),
                .. settings?.Invoke(directory) ?? [],
            ],
            readers,
            cancellationToken);
    }

    /// <summary>
    /// On PC/SC (the real pcscd): <paramref name="settings"/> (given the service's directory) name the readers, PSAM,
    /// keys and centre the service needs; present once it listens.
    /// </summary>
    public static Task<InProcessService> StartOverPcscAsync(
        Func<string, IEnumerable<KeyValuePair<string, string?>>> settings, CancellationToken cancellationToken) =>
        StartAsync([], settings, readers: 0, cancellationToken);

    /// <summary>A new client: a channel with its own HTTP/2 connection to the loopback listener.</summary>
    public GrpcChannel NewChannel() => GrpcChannel.ForAddress(Address);

    private static async Task<InProcessService> StartAsync(
        string[] arguments, Func<string, IEnumerable<KeyValuePair<string, string?>>> settings, int readers, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cardbridge-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Listeners:LoopbackPort"] = "0",
            // Off unless a benchmark turns it on (port 0), as web-read-card does.
            ["Listeners:Web:Port"] = "-1",
            ["Logs:Console"] = "false",
            ["Logs:FilePath"] = Path.Combine(directory, "log-.json"),
            ["Audit:Path"] = Path.Combine(directory, "audit-.jsonl"),
            // The journal (and the simulator's key file next to it) starts empty with each service, not in the working directory.
            ["Journal:Path"] = Path.Combine(directory, "journal.db"),
        };
        // Configuration keys are case-insensitive; a later setting replaces an earlier one.
        foreach (var (key, value) in settings(directory))
        {
            all[key] = value;
        }
        var app = ServiceHost.Build(arguments, configuration => configuration.AddInMemoryCollection(all));
        try
        {
            await app.StartAsync(cancellationToken);
            var web = app.Services.GetRequiredService<WebEndpoint>().Address;
            var address = new Uri(app.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal) && new Uri(u) != web));
            var terminal = app.Services.GetRequiredService<TerminalHost>().Terminal;
            var sessions = readers == 0 ? [] : await SessionsAsync(terminal, readers, cancellationToken);
            return new InProcessService(app, directory, address, sessions);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task<IReadOnlyList<CardSession>> SessionsAsync(CardTerminal terminal, int readers, CancellationToken cancellationToken)
    {
        using var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ready.CancelAfter(ReadyTimeout);
        var wanted = Enumerable.Range(0, readers).Select(ReaderName).ToHashSet(StringComparer.Ordinal);
        var sessions = new Dictionary<string, CardSession>(StringComparer.Ordinal);
        try
        {
            // WatchFromNowAsync starts with the current state, so sessions read before the subscription are seen too.
            await foreach (var change in terminal.WatchFromNowAsync(ready.Token))
            {
                switch (change)
                {
                    case SessionReadyEvent { Session: var session } when wanted.Contains(session.Reader):
                        sessions[session.Reader] = session;
                        break;
                    case CardUnreadableEvent unreadable when wanted.Contains(unreadable.Reader):
                        throw new InvalidOperationException($"the card in {unreadable.Reader} could not be read", unreadable.Error);
                }
                if (sessions.Count == readers)
                {
                    return [.. Enumerable.Range(0, readers).Select(i => sessions[ReaderName(i)])];
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var states = string.Join(", ", terminal.Readers.Select(r => $"{r.Name}: card {r.HasCard}, session {r.SessionId?.ToString() ?? "none"}"));
            throw new TimeoutException($"{sessions.Count} of {readers} cards were read within {ReadyTimeout.TotalSeconds:0} s ({states})");
        }
        throw new InvalidOperationException("the terminal's event stream ended before every card was read");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file the OS still holds open is left for the temp cleaner.
        }
    }
}
