using System.Collections.Concurrent;
using CardBridge.HardwareSim.Vpcd;

namespace CardBridge.HardwareSim.Tests.Vpcd;

public sealed class VpcdCardBridgeTests : IAsyncDisposable
{
    private const string SelectMf = "00A40000023F00";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private readonly RecordingCard _card = new();
    private readonly List<IDisposable> _owned = [];
    private VpcdCardBridge? _bridge;
    private Task? _run;

    private CancellationToken Timeout => _timeout.Token;

    public async ValueTask DisposeAsync()
    {
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
        }

        if (_run is not null)
        {
            await _run;
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task Power_on_resets_the_card_and_reports_powered_on_without_replying()
    {
        var (_, peer) = await InsertedAsync();

        await peer.SendControlAsync(VpcdPeer.PowerOn, Timeout);
        await _bridge!.WaitForStateAsync(VpcdBridgeState.PoweredOn, Timeout);

        Assert.Equal(1, _card.Resets);
        Assert.Equal(RecordingCard.TestAtr, await peer.TransmitAsync([VpcdPeer.GetAtr], Timeout));
    }

    [Fact]
    public async Task Get_ATR_is_answered_with_the_card_ATR()
    {
        var (_, peer) = await InsertedAsync();

        var atr = await peer.TransmitAsync([VpcdPeer.GetAtr], Timeout);

        Assert.Equal(RecordingCard.TestAtr, atr);
        Assert.Equal(0, _bridge!.ApdusServed);
    }

    [Fact]
    public async Task Command_APDU_round_trip_returns_the_card_answer_and_counts_it()
    {
        var (_, peer) = await PoweredOnAsync();

        var answer = await peer.TransmitHexAsync(SelectMf, Timeout);

        Assert.Equal(SelectMf + "9000", answer);
        Assert.Equal(SelectMf, Convert.ToHexString(Assert.Single(_card.Commands)));
        Assert.Equal(1, _bridge!.ApdusServed);
    }

    [Fact]
    public async Task Reset_resets_the_card_and_sends_no_reply()
    {
        var (_, peer) = await PoweredOnAsync();

        await peer.SendControlAsync(VpcdPeer.Reset, Timeout);
        var nextFrame = await peer.TransmitAsync([VpcdPeer.GetAtr], Timeout);

        // Had the reset been answered, that answer would be the frame read here instead of the ATR.
        Assert.Equal(RecordingCard.TestAtr, nextFrame);
        Assert.Equal(2, _card.Resets);
        Assert.Equal(VpcdBridgeState.PoweredOn, _bridge!.State);
    }

    [Fact]
    public async Task Power_off_sends_no_reply_and_leaves_the_card_connected_unpowered()
    {
        var (_, peer) = await PoweredOnAsync();

        await peer.SendControlAsync(VpcdPeer.PowerOff, Timeout);
        await _bridge!.WaitForStateAsync(VpcdBridgeState.Connected, Timeout);

        Assert.Equal(RecordingCard.TestAtr, await peer.TransmitAsync([VpcdPeer.GetAtr], Timeout));
    }

    [Fact]
    public async Task Frames_split_across_writes_are_reassembled()
    {
        var (_, peer) = await PoweredOnAsync();
        var frame = VpcdPeer.Frame(Convert.FromHexString(SelectMf));

        // The pauses only make the pieces leave as separate TCP segments; nothing is awaited through them.
        foreach (var piece in new[] { frame[..1], frame[1..3], frame[3..6], frame[6..] })
        {
            await peer.SendRawAsync(piece, Timeout);
            await Task.Delay(TimeSpan.FromMilliseconds(20), Timeout);
        }

        Assert.Equal(SelectMf + "9000", Convert.ToHexString(await peer.ReceiveFrameAsync(Timeout) ?? []));
    }

    [Fact]
    public async Task Back_to_back_frames_in_one_write_are_all_served()
    {
        var (_, peer) = await PoweredOnAsync();

        byte[] twoFrames = [.. VpcdPeer.Frame([VpcdPeer.GetAtr]), .. VpcdPeer.Frame(Convert.FromHexString(SelectMf))];
        await peer.SendRawAsync(twoFrames, Timeout);

        Assert.Equal(RecordingCard.TestAtr, await peer.ReceiveFrameAsync(Timeout));
        Assert.Equal(SelectMf + "9000", Convert.ToHexString(await peer.ReceiveFrameAsync(Timeout) ?? []));
    }

    [Fact]
    public async Task Empty_frames_and_unknown_control_bytes_are_ignored()
    {
        var (_, peer) = await PoweredOnAsync();

        await peer.SendRawAsync(new byte[] { 0x00, 0x00 }, Timeout);
        await peer.SendControlAsync(0x03, Timeout);

        Assert.Equal(RecordingCard.TestAtr, await peer.TransmitAsync([VpcdPeer.GetAtr], Timeout));
        Assert.Empty(_card.Commands);
    }

    [Fact]
    public async Task Answer_too_long_for_a_frame_becomes_6F00()
    {
        var (_, peer) = await PoweredOnAsync();
        _card.FixedAnswer = new byte[70_000];

        Assert.Equal("6F00", await peer.TransmitHexAsync(SelectMf, Timeout));
    }

    [Fact]
    public async Task Extended_length_command_of_the_largest_frame_is_served()
    {
        var (_, peer) = await PoweredOnAsync();
        var command = new byte[ushort.MaxValue];
        command[1] = 0xD6;
        _card.FixedAnswer = [0x90, 0x00];

        var answer = await peer.TransmitAsync(command, Timeout);

        Assert.Equal("9000", Convert.ToHexString(answer));
        Assert.Equal(ushort.MaxValue, Assert.Single(_card.Commands).Length);
    }

    [Fact]
    public async Task Remove_closes_the_connection_and_reports_removed()
    {
        var (_, peer) = await PoweredOnAsync();

        _bridge!.Remove();

        await peer.ExpectClosedAsync(Timeout);
        await _bridge.WaitForStateAsync(VpcdBridgeState.Removed, Timeout);
        Assert.False(_bridge.IsInserted);
    }

    [Fact]
    public async Task Remove_during_a_delayed_answer_closes_without_answering()
    {
        var time = new ManualTimeProvider();
        var (_, peer) = await PoweredOnAsync(time);
        _card.Faults.Delay = TimeSpan.FromSeconds(3);

        await peer.SendFrameAsync(Convert.FromHexString(SelectMf), Timeout);
        await time.NextTimerAsync(Timeout);
        _bridge!.Remove();

        await peer.ExpectClosedAsync(Timeout);
        Assert.Equal(0, _bridge.ApdusServed);
    }

    [Fact]
    public async Task Insert_after_remove_connects_again()
    {
        var (vpcd, peer) = await PoweredOnAsync();
        _bridge!.Remove();
        await peer.ExpectClosedAsync(Timeout);

        _bridge.Insert();
        using var second = await vpcd.AcceptAsync(Timeout);

        await _bridge.WaitForStateAsync(VpcdBridgeState.Connected, Timeout);
        Assert.Equal(RecordingCard.TestAtr, await second.TransmitAsync([VpcdPeer.GetAtr], Timeout));
    }

    [Fact]
    public async Task Removed_fault_closes_without_reply_and_the_card_stays_removed()
    {
        var (_, peer) = await PoweredOnAsync();
        _card.Faults.RemoveOnNextCommand = true;

        await peer.SendFrameAsync(Convert.FromHexString(SelectMf), Timeout);

        await peer.ExpectClosedAsync(Timeout);
        await _bridge!.WaitForStateAsync(VpcdBridgeState.Removed, Timeout);
        Assert.False(_bridge.IsInserted);
        Assert.Equal(1, _bridge.ConnectAttempts);
        Assert.Equal(0, _bridge.ApdusServed);
    }

    [Fact]
    public async Task Mute_card_gives_no_reply_and_is_pulled_after_the_mute_timeout()
    {
        var time = new ManualTimeProvider();
        var (_, peer) = await PoweredOnAsync(time, new VpcdBridgeOptions { MuteTimeout = TimeSpan.FromSeconds(5) });
        _card.Faults.Mute = true;

        await peer.SendFrameAsync(Convert.FromHexString(SelectMf), Timeout);
        var waited = await time.NextTimerAsync(Timeout);

        Assert.Equal(TimeSpan.FromSeconds(5), waited);
        Assert.Equal(0, peer.Available);
        Assert.Equal(VpcdBridgeState.PoweredOn, _bridge!.State);

        time.Advance(waited);

        await peer.ExpectClosedAsync(Timeout);
        await _bridge.WaitForStateAsync(VpcdBridgeState.Removed, Timeout);
        Assert.False(_bridge.IsInserted);
    }

    [Fact]
    public async Task Delayed_answer_is_sent_only_after_the_delay()
    {
        var time = new ManualTimeProvider();
        var (_, peer) = await PoweredOnAsync(time);
        _card.Faults.Delay = TimeSpan.FromMilliseconds(300);

        await peer.SendFrameAsync(Convert.FromHexString(SelectMf), Timeout);
        var waited = await time.NextTimerAsync(Timeout);

        Assert.Equal(TimeSpan.FromMilliseconds(300), waited);
        Assert.Equal(0, peer.Available);

        time.Advance(waited);

        Assert.Equal(SelectMf + "9000", Convert.ToHexString(await peer.ReceiveFrameAsync(Timeout) ?? []));
    }

    [Fact]
    public async Task Reconnects_when_vpcd_closes_and_comes_back_on_the_same_port()
    {
        var (vpcd, peer) = await PoweredOnAsync();
        var port = vpcd.Port;

        // pcscd stops: the listener goes first, so the bridge's retries are refused until it is back.
        vpcd.Dispose();
        peer.Dispose();
        await _bridge!.WaitForStateAsync(VpcdBridgeState.Connecting, Timeout);
        using var restarted = FakeVpcd.Start(port);
        using var again = await restarted.AcceptAsync(Timeout);

        await _bridge.WaitForStateAsync(VpcdBridgeState.Connected, Timeout);
        await again.SendControlAsync(VpcdPeer.PowerOn, Timeout);
        Assert.Equal(SelectMf + "9000", await again.TransmitHexAsync(SelectMf, Timeout));
        Assert.True(_bridge.IsInserted);
    }

    [Fact]
    public async Task Connection_reset_by_vpcd_is_followed_by_a_reconnect()
    {
        var (vpcd, peer) = await PoweredOnAsync();

        peer.Abort();
        using var again = await vpcd.AcceptAsync(Timeout);

        Assert.Equal(RecordingCard.TestAtr, await again.TransmitAsync([VpcdPeer.GetAtr], Timeout));
        Assert.Equal(2, _bridge!.ConnectAttempts);
    }

    [Fact]
    public async Task Refused_connections_back_off_doubling_to_the_cap_without_busy_looping()
    {
        var time = new ManualTimeProvider();
        Start(FakeVpcd.UnusedPort(), time, new VpcdBridgeOptions
        {
            MinReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
        });
        _bridge!.Insert();

        var expected = new[] { 50, 100, 200, 400, 800, 1000, 1000 };
        for (var attempt = 0; attempt < expected.Length; attempt++)
        {
            var waited = await time.NextTimerAsync(Timeout);
            Assert.Equal(TimeSpan.FromMilliseconds(expected[attempt]), waited);

            // Until the clock moves, the bridge waits: exactly one attempt per delay.
            Assert.Equal(attempt + 1, _bridge.ConnectAttempts);
            Assert.Equal(VpcdBridgeState.Connecting, _bridge.State);
            time.Advance(waited);
        }
    }

    [Fact]
    public async Task Vpcd_dropping_every_connection_at_once_is_retried_with_growing_delays()
    {
        var time = new ManualTimeProvider();
        using var vpcd = FakeVpcd.Start();
        Start(vpcd.Port, time);
        _bridge!.Insert();

        foreach (var expected in new[] { 50, 100, 200 })
        {
            (await vpcd.AcceptAsync(Timeout)).Dispose();
            var waited = await time.NextTimerAsync(Timeout);
            Assert.Equal(TimeSpan.FromMilliseconds(expected), waited);
            time.Advance(waited);
        }
    }

    [Fact]
    public async Task Remove_while_reconnecting_stops_the_retries()
    {
        var time = new ManualTimeProvider();
        Start(FakeVpcd.UnusedPort(), time);
        _bridge!.Insert();
        await time.NextTimerAsync(Timeout);

        _bridge.Remove();

        await _bridge.WaitForStateAsync(VpcdBridgeState.Removed, Timeout);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _bridge.ConnectAttempts);
        Assert.False(time.HasPendingTimer);
    }

    [Fact]
    public async Task State_changes_are_raised_in_order()
    {
        using var vpcd = FakeVpcd.Start();
        Start(vpcd.Port);
        var seen = new ConcurrentQueue<VpcdBridgeState>();
        _bridge!.StateChanged += (_, state) => seen.Enqueue(state);
        _bridge.Insert();
        using var peer = await vpcd.AcceptAsync(Timeout);

        await peer.SendControlAsync(VpcdPeer.PowerOn, Timeout);
        await peer.SendControlAsync(VpcdPeer.PowerOff, Timeout);
        await peer.TransmitAsync([VpcdPeer.GetAtr], Timeout);
        _bridge.Remove();
        await _bridge.WaitForStateAsync(VpcdBridgeState.Removed, Timeout);

        Assert.Equal(
            [VpcdBridgeState.Connecting, VpcdBridgeState.Connected, VpcdBridgeState.PoweredOn, VpcdBridgeState.Connected, VpcdBridgeState.Removed],
            seen);
    }

    [Fact]
    public async Task Card_inserted_before_the_loop_runs_connects_when_it_starts()
    {
        using var vpcd = FakeVpcd.Start();
        _bridge = new VpcdCardBridge(_card, new VpcdBridgeOptions { Port = vpcd.Port });
        _bridge.Insert();

        _run = _bridge.RunAsync(Timeout);
        using var peer = await vpcd.AcceptAsync(Timeout);

        await _bridge.WaitForStateAsync(VpcdBridgeState.Connected, Timeout);
    }

    [Fact]
    public async Task Dispose_stops_the_loop_and_closes_the_connection()
    {
        var (_, peer) = await PoweredOnAsync();

        await _bridge!.DisposeAsync();

        Assert.True(_run!.IsCompletedSuccessfully);
        await peer.ExpectClosedAsync(Timeout);
        Assert.Equal(VpcdBridgeState.Removed, _bridge.State);
    }

    [Fact]
    public async Task Cancelling_the_run_token_ends_the_loop_normally()
    {
        using var vpcd = FakeVpcd.Start();
        using var stop = new CancellationTokenSource();
        _bridge = new VpcdCardBridge(_card, new VpcdBridgeOptions { Port = vpcd.Port });
        var run = _bridge.RunAsync(stop.Token);
        _bridge.Insert();
        using var peer = await vpcd.AcceptAsync(Timeout);

        await stop.CancelAsync();

        await run.WaitAsync(Timeout);
        await peer.ExpectClosedAsync(Timeout);
    }

    [Fact]
    public async Task Waiting_for_a_state_can_be_cancelled()
    {
        Start(FakeVpcd.UnusedPort());
        using var cancel = new CancellationTokenSource();

        var wait = _bridge!.WaitForStateAsync(VpcdBridgeState.PoweredOn, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public void Options_reject_a_port_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VpcdCardBridge(_card, new VpcdBridgeOptions { Port = 70000 }));
    }

    [Fact]
    public async Task Second_run_is_refused()
    {
        Start(FakeVpcd.UnusedPort());

        Assert.Throws<InvalidOperationException>(() => { _ = _bridge!.RunAsync(Timeout); });
        await _bridge!.DisposeAsync();
    }

    private void Start(int port, TimeProvider? time = null, VpcdBridgeOptions? options = null)
    {
        _bridge = new VpcdCardBridge(_card, (options ?? new VpcdBridgeOptions()) with { Port = port }, time);
        _run = _bridge.RunAsync(Timeout);
    }

    private async Task<(FakeVpcd Vpcd, VpcdPeer Peer)> InsertedAsync(TimeProvider? time = null, VpcdBridgeOptions? options = null)
    {
        var vpcd = FakeVpcd.Start();
        _owned.Add(vpcd);
        Start(vpcd.Port, time, options);
        _bridge!.Insert();
        var peer = await vpcd.AcceptAsync(Timeout);
        _owned.Add(peer);
        await _bridge.WaitForStateAsync(VpcdBridgeState.Connected, Timeout);
        return (vpcd, peer);
    }

    private async Task<(FakeVpcd Vpcd, VpcdPeer Peer)> PoweredOnAsync(TimeProvider? time = null, VpcdBridgeOptions? options = null)
    {
        var inserted = await InsertedAsync(time, options);
        await inserted.Peer.SendControlAsync(VpcdPeer.PowerOn, Timeout);
        await _bridge!.WaitForStateAsync(VpcdBridgeState.PoweredOn, Timeout);
        return inserted;
    }
}
