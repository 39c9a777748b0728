using CardBridge.Qr.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Tests.Sources;

public sealed class ScanLoopBackoffTests
{
    [Fact]
    public async Task Waits_between_attempts_double_up_to_the_cap_and_restart_after_a_connection()
    {
        var time = new ManualTimeProvider();
        var attempts = 0;
        Task<IScanInput> Open(CancellationToken cancellationToken) => ++attempts == 5
            ? Task.FromResult<IScanInput>(new TextReaderScanInput(new StringReader(""), ownsReader: false))
            : throw new IOException("no device");
        await using var loop = new ScanLoop(
            "backoff-1", Open, reopenAtEnd: true, new QrFramingOptions(),
            new QrReconnectOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) },
            time, NullLogger.Instance);
        await loop.StartAsync(CancellationToken.None);

        var waits = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var timer = await time.NextTimerAsync();
            waits.Add(timer.DueTime.TotalSeconds);
            timer.Fire();
        }

        // Attempts 1-4 fail (1, 2, 4, capped 5); attempt 5 connects to an input that ends at once (wait 1 again); then failures grow anew.
        Assert.Equal([1, 2, 4, 5, 1, 1, 2], waits);
        await loop.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);
    }

    [Fact]
    public async Task A_device_error_met_while_stopping_ends_the_scans_as_the_stop_does_not_as_a_failure()
    {
        var opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<IScanInput> Open(CancellationToken cancellationToken)
        {
            opening.TrySetResult();
            // The open loses the race with the stop: it notices the stop and fails as a vanished device would.
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            throw new IOException("no such device");
        }
        await using var loop = new ScanLoop(
            "stopping-1", Open, reopenAtEnd: true, new QrFramingOptions(), new QrReconnectOptions(),
            new ManualTimeProvider(), NullLogger.Instance);
        await loop.StartAsync(CancellationToken.None);
        await opening.Task.WaitAsync(SourceProbe.Timeout);

        await loop.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);

        Assert.True(loop.Scans.Completion.IsCompletedSuccessfully);
    }
}
