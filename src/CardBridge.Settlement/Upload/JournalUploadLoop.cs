using CardBridge.Journal;
using Microsoft.Extensions.Logging;

namespace CardBridge.Settlement.Upload;

/// <summary>
/// Runs the <see cref="JournalUploader"/> in the background: a round every <c>interval</c>, at once on
/// <see cref="UploadNowAsync"/>, never two rounds at the same time. <see cref="Backlog"/> is the backlog as of the
/// last round.
/// </summary>
public sealed partial class JournalUploadLoop : IAsyncDisposable
{
    private readonly JournalUploader _uploader;
    private readonly OfflineJournal _journal;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<JournalUploadLoop> _logger;
    private readonly SemaphoreSlim _oneRound = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private JournalStats _backlog;
    private Task? _loop;

    /// <summary>Creates the loop; <see cref="Start"/> starts it.</summary>
    public JournalUploadLoop(JournalUploader uploader, OfflineJournal journal, TimeProvider time, TimeSpan interval, ILogger<JournalUploadLoop> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _uploader = uploader;
        _journal = journal;
        _time = time;
        _interval = interval;
        _logger = logger;
    }

    /// <summary>Raised after every round, with what it did.</summary>
    public event EventHandler<UploadRound>? RoundCompleted;

    /// <summary>The backlog as of the last round.</summary>
    public JournalStats Backlog => _backlog;

    /// <summary>Starts the background rounds.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("the upload loop is already running");
        }
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Runs a round now (after the one in progress, if any) and returns what it did.</summary>
    /// <exception cref="JournalUnavailableException">The journal cannot be read or updated.</exception>
    public async Task<UploadRound> UploadNowAsync(CancellationToken cancellationToken)
    {
        await _oneRound.WaitAsync(cancellationToken);
        try
        {
            var round = await _uploader.DrainAsync(cancellationToken);
            _backlog = await _journal.StatsAsync(cancellationToken);
            RoundCompleted?.Invoke(this, round);
            return round;
        }
        finally
        {
            _oneRound.Release();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await UploadNowAsync(cancellationToken);
            }
            catch (JournalException e) when (e is JournalUnavailableException or JournalIntegrityException)
            {
                // A storage fault or a damaged record: reported, and tried again next round (VerifyChain locates it).
                LogJournalUnavailable(_logger, e.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(_interval, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Stops the loop after the round in progress; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
        _stop.Dispose();
        _oneRound.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal upload round failed: {Detail}")]
    private static partial void LogJournalUnavailable(ILogger logger, string detail);
}
