using System.ComponentModel.DataAnnotations;
using CardBridge.Qr.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Tests.Sources;

public sealed class DebouncingQrSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Repeats_within_the_window_are_one_scan_and_a_read_after_it_is_new()
    {
        var inner = new FakeQrSource();
        await using var source = Debounce(inner, TimeSpan.FromSeconds(2));
        await source.StartAsync(CancellationToken.None);

        inner.Scan("SIMQR-A", T0);
        inner.Scan("SIMQR-A", T0.AddMilliseconds(300));
        inner.Scan("SIMQR-A", T0.AddSeconds(4));
        await source.StopAsync(CancellationToken.None);

        Assert.Equal([T0, T0.AddSeconds(4)], (await Drain(source)).Select(s => s.ScannedAt));
        Assert.True(inner.Started);
    }

    [Fact]
    public async Task A_code_held_under_the_scanner_stays_one_scan_because_the_window_slides()
    {
        var inner = new FakeQrSource();
        await using var source = Debounce(inner, TimeSpan.FromSeconds(2));
        await source.StartAsync(CancellationToken.None);

        for (var second = 0; second < 10; second++)
        {
            inner.Scan("SIMQR-HELD", T0.AddSeconds(second));
        }
        await source.StopAsync(CancellationToken.None);

        Assert.Single(await Drain(source));
    }

    [Fact]
    public async Task Different_codes_interleaved_each_pass_once()
    {
        var inner = new FakeQrSource();
        await using var source = Debounce(inner, TimeSpan.FromSeconds(2));
        await source.StartAsync(CancellationToken.None);

        inner.Scan("SIMQR-A", T0);
        inner.Scan("SIMQR-B", T0.AddMilliseconds(100));
        inner.Scan("SIMQR-A", T0.AddMilliseconds(200));
        inner.Scan("SIMQR-B", T0.AddMilliseconds(300));
        await source.StopAsync(CancellationToken.None);

        Assert.Equal(["SIMQR-A", "SIMQR-B"], (await Drain(source)).Select(s => s.Text));
    }

    [Fact]
    public async Task A_zero_window_merges_nothing()
    {
        var inner = new FakeQrSource();
        await using var source = Debounce(inner, TimeSpan.Zero);
        await source.StartAsync(CancellationToken.None);

        inner.Scan("SIMQR-A", T0);
        inner.Scan("SIMQR-A", T0);
        await source.StopAsync(CancellationToken.None);

        Assert.Equal(2, (await Drain(source)).Count);
    }

    [Fact]
    public async Task The_wrapped_sources_failure_ends_the_debounced_scans()
    {
        var inner = new FakeQrSource();
        await using var source = Debounce(inner, TimeSpan.FromSeconds(2));
        await source.StartAsync(CancellationToken.None);
        var failure = new QrSourceFailedException("fake-1", new InvalidOperationException("broken"));

        inner.Fail(failure);

        Assert.Same(failure, await Assert.ThrowsAsync<QrSourceFailedException>(() => source.Scans.Completion.WaitAsync(SourceProbe.Timeout)));
    }

    [Fact]
    public async Task Events_of_the_wrapped_source_reach_the_debounced_sources_handlers()
    {
        var inner = new FakeQrSource();
        await using var source = Debounce(inner, TimeSpan.FromSeconds(2));
        var seen = new List<string>();
        source.LineRejected += (_, e) => seen.Add($"{e.Reason}:{e.Length}");
        source.ConnectivityChanged += (_, e) => seen.Add(e.Connectivity.ToString());

        inner.Reject();
        inner.Connect();

        Assert.Equal(["TooLong:9999", "Connected"], seen);
        Assert.Equal("fake-1", source.Name);
    }

    [Fact]
    public async Task Stop_returns_even_when_nobody_reads_the_scans()
    {
        var inner = new FakeQrSource();
        await using var source = Debounce(inner, TimeSpan.Zero);
        await source.StartAsync(CancellationToken.None);
        for (var i = 0; i < 1000; i++)
        {
            inner.Scan("SIMQR-FLOOD", T0.AddSeconds(i));
        }

        await source.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);
    }

    [Fact]
    public void The_filter_forgets_the_oldest_code_beyond_its_bound()
    {
        var filter = new DebounceFilter(TimeSpan.FromHours(1));
        Assert.True(filter.Admit(new QrScan("s", "SIMQR-FIRST", T0)));
        for (var i = 0; i < DebounceFilter.MaxRemembered; i++)
        {
            Assert.True(filter.Admit(new QrScan("s", $"SIMQR-{i}", T0.AddSeconds(i + 1))));
        }

        Assert.True(filter.Admit(new QrScan("s", "SIMQR-FIRST", T0.AddMinutes(10))));
        Assert.False(filter.Admit(new QrScan("s", $"SIMQR-{DebounceFilter.MaxRemembered - 1}", T0.AddMinutes(10))));
    }

    [Fact]
    public void A_negative_window_is_refused()
    {
        Assert.Throws<ValidationException>(() => Debounce(new FakeQrSource(), TimeSpan.FromSeconds(-1)));
    }

    private static DebouncingQrSource Debounce(IQrSource inner, TimeSpan window) =>
        new(inner, new QrDebounceOptions { Window = window }, NullLogger<DebouncingQrSource>.Instance);

    private static async Task<List<QrScan>> Drain(DebouncingQrSource source)
    {
        var scans = new List<QrScan>();
        await foreach (var scan in source.Scans.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            scans.Add(scan);
        }
        return scans;
    }
}
