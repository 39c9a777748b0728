using CardBridge.Journal;
using CardBridge.Settlement.Upload;
using CardBridge.Simulation.Centre;

namespace CardBridge.Settlement.Tests.Upload;

public sealed class JournalUploaderTests : IAsyncLifetime
{
    private UploadTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await UploadTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Pending_records_reach_the_centre_once_each_and_leave_pending_only_on_its_answer()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _bed.AppendAsync(1_000 * i);
        }

        var round = await _bed.Uploader().DrainAsync(CancellationToken.None);
        var again = await _bed.Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(3, 0, null), round);
        Assert.Equal(new UploadRound(0, 0, null), again);
        Assert.Equal(3, _bed.Centre.Centre.AcceptedOfflineRecordCount);
        Assert.Equal(0, (await _bed.Journal.StatsAsync(CancellationToken.None)).PendingCount);
        Assert.All(await _bed.Journal.ListAsync(null, 1, 10, CancellationToken.None), r => Assert.Equal(JournalState.Uploaded, r.Status.State));
        Assert.True((await _bed.Journal.VerifyChainAsync(CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task Upload_waits_at_a_record_whose_card_write_is_running_and_goes_on_once_it_is_confirmed()
    {
        await _bed.AppendAsync(1_000);
        var writing = await _bed.AppendAsync(2_000, awaitsCard: true);
        await _bed.AppendAsync(3_000);

        var first = await _bed.Uploader().DrainAsync(CancellationToken.None);
        await _bed.Journal.ConfirmCardWriteAsync(writing, Convert.FromHexString("01020304"), Convert.FromHexString("0002"), CancellationToken.None);
        var second = await _bed.Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(1, 0, writing), first);
        Assert.Equal(new UploadRound(2, 0, null), second);
        Assert.Equal(3, _bed.Centre.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task A_record_the_centre_refuses_is_kept_as_rejected_with_its_reason_and_the_rest_still_go()
    {
        await _bed.AppendAsync(1_000);
        var refused = await _bed.AppendAsync(2_000, cardNumber: "SIMC99999999");
        await _bed.AppendAsync(3_000);

        var round = await _bed.Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(2, 1, null), round);
        var record = await _bed.Journal.GetAsync(refused, CancellationToken.None);
        Assert.Equal(JournalState.Rejected, record.Status.State);
        Assert.Equal("unknown card", record.Status.RejectReason);
        Assert.Equal(2, _bed.Centre.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task An_unreachable_centre_stops_the_round_in_order_and_the_next_round_drains()
    {
        var first = await _bed.AppendAsync(1_000);
        await _bed.AppendAsync(2_000);
        _bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));

        var stopped = await _bed.Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(0, 0, first), stopped);
        Assert.Equal(2, (await _bed.Journal.StatsAsync(CancellationToken.None)).PendingCount);

        _bed.Centre.Centre.ClearFaults();
        var drained = await _bed.Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(new UploadRound(2, 0, null), drained);
        Assert.Equal(2, _bed.Centre.Centre.AcceptedOfflineRecordCount);
    }

    [Fact]
    public async Task A_record_whose_acknowledgement_was_lost_is_sent_again_and_never_applied_twice()
    {
        await _bed.AppendAsync(1_000);
        _bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "CB01"));

        var lost = await _bed.Uploader().DrainAsync(CancellationToken.None);
        var replayed = await _bed.Uploader().DrainAsync(CancellationToken.None);

        Assert.Equal(1, lost.Uploaded + replayed.Uploaded);
        Assert.Equal(0, (await _bed.Journal.StatsAsync(CancellationToken.None)).PendingCount);
        Assert.Equal(1, _bed.Centre.Centre.AcceptedOfflineRecordCount);
    }
}
