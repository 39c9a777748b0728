using System.Security.Cryptography;
using CardBridge.HardwareSim.Centre;
using CardBridge.Settlement.Journal;
using CardBridge.Settlement.Tests.Centre;
using CardBridge.Settlement.Tests.Journal;
using CardBridge.Settlement.Upload;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Settlement.Tests.Upload;

public sealed class JournalUploaderTests : IAsyncLifetime, IDisposable
{
    private readonly JournalTestBed _journalBed = new();
    private CentreTestBed _centre = null!;
    private OfflineJournal _journal = null!;

    public async Task InitializeAsync()
    {
        // The breaker is kept out of these tests' way: they are about the journal's states, not connectivity.
        _centre = CentreTestBed.Start(o => o.BreakerFailureThreshold = 1000);
        _journal = await _journalBed.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _centre.DisposeAsync();
    }

    public void Dispose() => _journalBed.Dispose();

    private JournalUploader Uploader() => new(_journal, _centre.Adapter, NullLogger<JournalUploader>.Instance);

    private Task<long> AppendAsync(long totalFen, string cardNumber = CentreTestBed.Card) => _journal.AppendAsync(new JournalDraft(
        Guid.NewGuid(),
        "TERM-0001",
        JournalKind.OfflineMedicalSettlement,
        new JournalAmounts(totalFen, AccountFen: totalFen / 2, PooledFen: totalFen / 4, SelfPayFen: totalFen - totalFen / 2 - totalFen / 4),
        SHA256.HashData(BitConverter.GetBytes(totalFen)),
        Convert.FromHexString("A1B2C3D4"),
        Convert.FromHexString("0011"),
        new PersonalFields(cardNumber, "990001199001010013", "测试甲")), CancellationToken.None);

    [Fact]
    public async Task Pending_records_reach_the_centre_once_each_and_leave_pending_only_on_its_answer()
    {
        for (var i = 1; i <= 3; i++)
        {
            await AppendAsync(1_000 * i);
        }

        var round = await Uploader().DrainAsync(CancellationToken.None);
        var again = await Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(3, 0, null), round);
        Assert.Equal(new UploadRound(0, 0, null), again);
        Assert.Equal(3, _centre.Centre.AcceptedOfflineRecordCount);
        Assert.Equal(0, (await _journal.StatsAsync(CancellationToken.None)).PendingCount);
        Assert.All(await _journal.ListAsync(null, 1, 10, CancellationToken.None), r => Assert.Equal(JournalState.Uploaded, r.Status.State));
        Assert.True((await _journal.VerifyChainAsync(CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task A_record_the_centre_refuses_is_kept_as_rejected_with_its_reason_and_the_rest_still_go()
    {
        await AppendAsync(1_000);
        var refused = await AppendAsync(2_000, cardNumber: "SIMC99999999");
        await AppendAsync(3_000);

        var round = await Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(2, 1, null), round);
        var record = await _journal.GetAsync(refused, CancellationToken.None);
        Assert.Equal(JournalState.Rejected, record.Status.State);
        Assert.Equal("unknown card", record.Status.RejectReason);
        Assert.Equal(2, _centre.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task An_unreachable_centre_stops_the_round_in_order_and_the_next_round_drains()
    {
        var first = await AppendAsync(1_000);
        await AppendAsync(2_000);
        _centre.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));

        var stopped = await Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(0, 0, first), stopped);
        Assert.Equal(2, (await _journal.StatsAsync(CancellationToken.None)).PendingCount);

        _centre.Centre.ClearFaults();
        var drained = await Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(2, 0, null), drained);
        Assert.Equal(2, _centre.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task A_record_whose_acknowledgement_was_lost_is_sent_again_and_never_applied_twice()
    {
        await AppendAsync(1_000);
        _centre.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "CB01"));

        var lost = await Uploader().DrainAsync(CancellationToken.None);
        var replayed = await Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(1, lost.Uploaded + replayed.Uploaded);
        Assert.Equal(0, (await _journal.StatsAsync(CancellationToken.None)).PendingCount);
        Assert.Equal(1, _centre.Centre.AcceptedOfflineRecordCount);
    }
}
