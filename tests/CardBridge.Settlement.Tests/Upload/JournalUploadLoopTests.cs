using CardBridge.Settlement.Upload;
using CardBridge.Simulation.Centre;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Settlement.Tests.Upload;

public sealed class JournalUploadLoopTests : IAsyncLifetime
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    private UploadTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await UploadTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private JournalUploadLoop Loop(TimeSpan interval) => new(
        _bed.Uploader(), _bed.Journal, TimeProvider.System, interval, NullLogger<JournalUploadLoop>.Instance);

    [Fact]
    public async Task Background_rounds_drain_records_appended_while_the_centre_was_down_once_it_is_back()
    {
        _bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        await _bed.AppendAsync(1_000);
        await _bed.AppendAsync(2_000);
        await using var loop = Loop(TimeSpan.FromMilliseconds(20));
        var stalled = new TaskCompletionSource<UploadRound>(TaskCreationOptions.RunContinuationsAsynchronously);
        var drained = new TaskCompletionSource<UploadRound>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.RoundCompleted += (_, round) =>
        {
            if (round.StoppedAt is not null)
            {
                stalled.TrySetResult(round);
            }
            else if (round.Uploaded > 0)
            {
                drained.TrySetResult(round);
            }
        };

        loop.Start();
        await stalled.Task.WaitAsync(EventTimeout);
        Assert.Equal(2, loop.Backlog.PendingCount);
        _bed.Centre.Centre.ClearFaults();
        await drained.Task.WaitAsync(EventTimeout);

        Assert.Equal(0, loop.Backlog.PendingCount);
        Assert.Equal(2, _bed.Centre.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task A_damaged_record_is_reported_every_round_and_the_loop_keeps_running()
    {
        var damaged = await _bed.AppendAsync(1_000);
        _bed.Tamper($"UPDATE entries SET personal_sealed = zeroblob(40) WHERE sequence = {damaged}");
        var logger = new CountingLogger();
        var loop = new JournalUploadLoop(_bed.Uploader(), _bed.Journal, TimeProvider.System, TimeSpan.FromMilliseconds(20), logger);

        loop.Start();
        await logger.ErrorsReached(3).WaitAsync(EventTimeout);
        await loop.DisposeAsync();
        await loop.DisposeAsync();

        Assert.Equal(0, _bed.Centre.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task Upload_now_runs_a_round_at_once_without_waiting_for_the_interval()
    {
        await _bed.AppendAsync(1_000);
        await using var loop = Loop(TimeSpan.FromHours(1));

        var round = await loop.UploadNowAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(1, 0, null), round);
        Assert.Equal(0, loop.Backlog.PendingCount);
    }

    /// <summary>Counts the errors the loop logs and signals when there have been enough.</summary>
    private sealed class CountingLogger : ILogger<JournalUploadLoop>
    {
        private readonly Lock _lock = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waits = [];
        private int _errors;

        public Task ErrorsReached(int count)
        {
            lock (_lock)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((count, reached));
                Check();
                return reached.Task;
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Error)
            {
                return;
            }
            lock (_lock)
            {
                _errors++;
                Check();
            }
        }

        private void Check()
        {
            foreach (var (count, reached) in _waits.Where(w => _errors >= w.Count))
            {
                reached.TrySetResult();
            }
        }
    }
}
