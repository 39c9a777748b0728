using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Simulation.Tests.Transport;

public sealed class SimulatedCardTransportTests
{
    [Fact]
    public void Atr_is_the_card_ATR()
    {
        var card = SimCard.ThirdGen().Build();
        var transport = new SimulatedCardTransport(card);

        Assert.Equal("3B68000053494D5353433330", Convert.ToHexString(transport.Atr.Span));
        Assert.Equal("3B68000053494D5353433230", Convert.ToHexString(SimCard.SecondGen().Build().Atr.Span));
    }

    [Fact]
    public async Task Removed_card_throws_CardRemovedException_and_insert_resets_it()
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());
        await card.SendAsync(CardUnderTest.SelectSsse);

        card.Transport.Remove();
        await Assert.ThrowsAsync<CardRemovedException>(() => card.SendAsync("00B2012C00"));
        card.Transport.Insert();

        Assert.True(card.Transport.IsPresent);
        (await card.SendAsync("00B2012C00")).HasStatus(0x6A82);
    }

    [Fact]
    public async Task Removal_during_a_slow_answer_throws_CardRemovedException()
    {
        var built = SimCard.ThirdGen().Build();
        built.Faults.Delay = TimeSpan.FromMilliseconds(200);
        var card = new CardUnderTest(built);

        var pending = card.SendAsync(CardUnderTest.SelectSsse);
        card.Transport.Remove();

        await Assert.ThrowsAsync<CardRemovedException>(() => pending);
    }

    [Fact]
    public async Task Mute_wait_runs_on_the_injected_time_provider()
    {
        var built = SimCard.ThirdGen().Build();
        built.Faults.Mute = true;
        var time = new ImmediateTimeProvider();
        var transport = new SimulatedCardTransport(built, TimeSpan.FromHours(1), time);

        var transmit = transport.TransmitAsync(Convert.FromHexString("00A40000023F00"), CancellationToken.None);

        await Assert.ThrowsAsync<CardMuteException>(() => transmit.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromHours(1), time.LastDueTime);
    }

    [Fact]
    public async Task Transmit_with_a_cancelled_token_throws_before_reaching_the_card()
    {
        var built = SimCard.ThirdGen().Build();
        built.Faults.RemoveOnNextCommand = true;
        var transport = new SimulatedCardTransport(built);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => transport.TransmitAsync(Convert.FromHexString("00A40000023F00"), new CancellationToken(canceled: true)));
        Assert.True(built.Faults.RemoveOnNextCommand);
    }

    // Fires every timer at once: a one-hour wait completes immediately, proving the transport waited on this clock.
    private sealed class ImmediateTimeProvider : TimeProvider
    {
        public TimeSpan LastDueTime { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            LastDueTime = dueTime;
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
