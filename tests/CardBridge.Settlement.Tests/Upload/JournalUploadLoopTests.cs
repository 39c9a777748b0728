using System.Security.Cryptography;
using CardBridge.HardwareSim.Centre;
using CardBridge.Settlement.Journal;
using CardBridge.Settlement.Tests.Centre;
using CardBridge.Settlement.Tests.Journal;
using CardBridge.Settlement.Upload;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Settlement.Tests.Upload;

public sealed class JournalUploadLoopTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    private readonly JournalTestBed _journalBed = new();
    private CentreTestBed _centre = null!;
    private OfflineJournal _journal = null!;

    public async Task InitializeAsync()
    {
        _centre = CentreTestBed.Start(o => o.BreakerFailureThreshold = 1000);
        _journal = await _journalBed.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _centre.DisposeAsync();
    }

    public void Dispose() => _journalBed.Dispose();

    private JournalUploadLoop Loop(TimeSpan interval) => new(
        new JournalUploader(_journal, _centre.Adapter, NullLogger<JournalUploader>.Instance),
        _journal, TimeProvider.System, interval, NullLogger<JournalUploadLoop>.Instance);

    private Task<long> AppendAsync(long totalFen) => _journal.AppendAsync(new JournalDraft(
        Guid.NewGuid(), "TERM-0001", JournalKind.OfflineMedicalSettlement,
        new JournalAmounts(totalFen, AccountFen: totalFen / 2, PooledFen: totalFen / 4, SelfPayFen: totalFen - totalFen / 2 - totalFen / 4),
        SHA256.HashData(BitConverter.GetBytes(totalFen)), Convert.FromHexString("A1B2C3D4"), Convert.FromHexString("0011"),
        new PersonalFields(CentreTestBed.Card, "990001199001010013", "测试甲")), CancellationToken.None);

    [Fact]
    public async Task Background_rounds_drain_records_appended_while_the_centre_was_down_once_it_is_back()
    {
        _centre.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        await AppendAsync(1_000);
        await AppendAsync(2_000);
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
        _centre.Centre.ClearFaults();
        await drained.Task.WaitAsync(EventTimeout);

        Assert.Equal(0, loop.Backlog.PendingCount);
        Assert.Equal(2, _centre.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task Upload_now_runs_a_round_at_once_without_waiting_for_the_interval()
    {
        await AppendAsync(1_000);
        await using var loop = Loop(TimeSpan.FromHours(1));

        var round = await loop.UploadNowAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(1, 0, null), round);
        Assert.Equal(0, loop.Backlog.PendingCount);
    }
}
