using System.Diagnostics;
using System.Globalization;
using System.Text;
using CardBridge.Api.V1;
using CardBridge.Simulation.Centre;
using CardBridge.Tests.Shared;
using Grpc.Core;
using Grpc.Net.Client;

// Not "…Tests.Settlement": that namespace would shadow CardBridge.Settlement for every sibling test namespace.
namespace CardBridge.Service.Tests.Settlements;

/// <summary>
/// The real service as a child process in simulator mode, on a journal in a directory this rig owns (so it survives
/// every restart), against a simulated centre in the test process (so it survives the service's death). Keeps a
/// timeline of what was done and the output of every incarnation for the failure message.
/// </summary>
internal sealed class SettlementKillRig : IAsyncDisposable
{
    public const string Reader = "Simulated Reader 0";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private const int StdoutTailLines = 80;

    // What SettlementWorkflow.RecoverAsync logs about calls and records a killed process left behind.
    private static readonly string[] RecoveryMarkers = ["Unfinished settlement", "left awaiting its card", "cannot be resolved yet"];

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _timeline = [];
    private readonly StringBuilder _pastOutput = new();
    private ServiceProcess? _service;
    private GrpcChannel? _channel;
    private int _incarnation;

    private SettlementKillRig(SimulatedCentre centre, string directory)
    {
        Centre = centre;
        Directory = directory;
    }

    public SimulatedCentre Centre { get; }

    /// <summary>Holds the journal and its keys across restarts.</summary>
    public string Directory { get; }

    public SettlementService.SettlementServiceClient Settlement => new(Channel);

    public JournalService.JournalServiceClient Journal => new(Channel);

    /// <summary>The running incarnation's gRPC address.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:0");

    private GrpcChannel Channel => _channel ?? throw new InvalidOperationException("the service is not running");

    /// <summary>Starts the centre and makes the journal directory; <see cref="StartServiceAsync"/> starts the first incarnation.</summary>
    public static SettlementKillRig Create(SimulatedCentreOptions centre) =>
        new(SimulatedCentre.Start(centre), System.IO.Directory.CreateTempSubdirectory("cardbridge-kill-").FullName);

    public void Note(string what)
    {
        lock (_timeline)
        {
            _timeline.Add(string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds,7:F2}s  {what}"));
        }
    }

    /// <summary>Starts an incarnation on the same journal and waits until its card session in <see cref="Reader"/> is ready.</summary>
    public async Task StartServiceAsync()
    {
        _incarnation++;
        _service = ServiceProcess.Start(
        [
            "--simulate",
            $"--Journal:Path={Path.Combine(Directory, "journal.db")}",
            $"--Centre:ServiceUri={Centre.ServiceUri}",
            "--Centre:MaxRetries=1",
            "--Centre:RetryBaseDelay=00:00:00.050",
            "--Centre:CallTimeout=00:00:05",
            "--Centre:BreakDuration=00:00:00.500",
            // Background rounds run between (and during) settlements and kills, as in production.
            "--Journal:UploadInterval=00:00:02",
            "--Security:LocalScopes:4=settlement",
            "--Security:LocalScopes:5=journal.admin",
        ]);
        Note($"service #{_incarnation} starting (pid {_service.Id})");
        var address = await _service.ListeningAsync();
        Note($"service #{_incarnation} listening on {address}");
        Address = address;
        _channel = GrpcChannel.ForAddress(address);
        var session = await CardReadyAsync();
        foreach (var line in _service.StandardOutput.Split('\n').Where(l => RecoveryMarkers.Any(m => l.Contains(m, StringComparison.Ordinal))))
        {
            Note($"service #{_incarnation} recovery: {line.Trim()}");
        }
        Note($"service #{_incarnation} ready, card session {session}");
    }

    /// <summary>kill -9 (SIGKILL) of the running incarnation; returns once it is gone.</summary>
    public async Task KillAsync()
    {
        var service = _service ?? throw new InvalidOperationException("the service is not running");
        var exitCode = await service.KillAsync();
        Note($"service #{_incarnation} killed (exit code {exitCode})");
        await StopAsync();
    }

    /// <summary>The timeline and the output of every incarnation so far.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        lock (_timeline)
        {
            text.AppendLine("Timeline:");
            foreach (var line in _timeline)
            {
                text.AppendLine(line);
            }
        }
        text.Append(_pastOutput);
        if (_service is not null)
        {
            AppendOutput(text, _incarnation, _service);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Centre.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // left for the temp cleaner
        }
    }

    private async Task<string> CardReadyAsync()
    {
        using var events = new ReaderService.ReaderServiceClient(Channel).WatchEvents(
            new WatchEventsRequest { Reader = Reader }, new CallOptions(deadline: DateTime.UtcNow.Add(ReadyTimeout)));
        while (await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (events.ResponseStream.Current.SessionReady is { IdentityRead: true } ready)
            {
                return ready.SessionId;
            }
        }
        throw new InvalidOperationException($"the event stream ended before a card session was ready in {Reader}");
    }

    private async Task StopAsync()
    {
        _channel?.Dispose();
        _channel = null;
        if (_service is { } service)
        {
            _service = null;
            await service.DisposeAsync();
            AppendOutput(_pastOutput, _incarnation, service);
        }
    }

    private static void AppendOutput(StringBuilder text, int incarnation, ServiceProcess service)
    {
        var stdout = service.StandardOutput.Split('\n');
        text.AppendLine(CultureInfo.InvariantCulture, $"--- service #{incarnation} stderr:");
        text.AppendLine(service.StandardError);
        text.AppendLine(CultureInfo.InvariantCulture, $"--- service #{incarnation} stdout (last {StdoutTailLines} lines):");
        text.AppendLine(string.Join('\n', stdout.Skip(Math.Max(0, stdout.Length - StdoutTailLines))));
    }
}
