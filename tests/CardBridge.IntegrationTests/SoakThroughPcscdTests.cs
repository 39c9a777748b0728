namespace CardBridge.IntegrationTests;

/// <summary>
/// The CI-sized soak of issue 19 (<c>bench/run.sh soak</c> runs the long form): 200 card cycles with random gaps, some
/// pulled mid pre-read, and 10 pcscd kills and restarts, against the real service on the real pcscd.
/// </summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class SoakThroughPcscdTests(PcscdFixture fixture)
{
    // Slack over the warm-up's highest count: the thread pool grows and shrinks with load; a leak per cycle or per
    // restart would pass it many times over.
    private const int FileDescriptorSlack = 16;
    private const int ThreadSlack = 24;

    [Fact]
    public async Task Two_hundred_card_cycles_and_ten_pcscd_restarts_end_every_session_and_leak_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        await using var service = await RunningService.OnPcscAsync(PcscdFixture.SecondReader);
        SoakOutcome outcome;
        try
        {
            outcome = await new SoakRun(fixture.Daemon, service.Channel, service.ProcessId).RunAsync(new SoakPlan(200, 10, Seed: 19), timeout.Token);
        }
        finally
        {
            if (fixture.Daemon.ProcessId is null)
            {
                await fixture.Daemon.StartAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
            }
        }

        Assert.Equal(10, outcome.Restarts);
        Assert.True(outcome.RemovedMidPreRead > 0 && outcome.CyclesSeen > 0, $"{outcome.RemovedMidPreRead} mid pre-read, {outcome.CyclesSeen} seen");
        Assert.Empty(outcome.SessionsNotEnded);
        Assert.Equal(0, outcome.CardsUnreadable);
        Assert.True(outcome.End.FileDescriptors <= outcome.WarmedUp.FileDescriptors + FileDescriptorSlack, $"fds {outcome.WarmedUp} -> {outcome.End}");
        Assert.True(outcome.End.Threads <= outcome.WarmedUp.Threads + ThreadSlack, $"threads {outcome.WarmedUp} -> {outcome.End}");
    }
}
