using System.Diagnostics;
using CardBridge.Qr.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Tests.Sources;

public sealed class KeyboardWedgeQrSourceTests
{
    [Fact]
    public async Task Reads_typed_lines_from_a_reader_and_completes_at_its_end()
    {
        await using var source = Wedge(new StringReader("SIMQR-W1\n\nSIMQR-W2\n"), new QrFramingOptions { Suffix = QrLineSuffix.LineFeed });
        var probe = new SourceProbe(source);

        await source.StartAsync(CancellationToken.None);

        Assert.Equal("SIMQR-W1", (await probe.NextScanAsync()).Text);
        Assert.Equal("SIMQR-W2", (await probe.NextScanAsync()).Text);
        await source.Scans.Completion.WaitAsync(SourceProbe.Timeout);
        await probe.ConnectivityAsync(QrSourceConnectivity.Disconnected);
    }

    [Fact]
    public async Task A_typed_line_longer_than_the_maximum_is_reported_not_buffered()
    {
        await using var source = Wedge(new StringReader(new string('9', 100_000) + "\nSIMQR-OK\n"), new QrFramingOptions { Suffix = QrLineSuffix.LineFeed, MaxLineLength = 64 });
        var probe = new SourceProbe(source);

        await source.StartAsync(CancellationToken.None);

        var rejection = await probe.NextRejectionAsync();
        Assert.Equal((QrLineRejection.TooLong, 100_000L), (rejection.Reason, rejection.Length));
        Assert.Equal("SIMQR-OK", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public async Task Non_ascii_text_survives_the_reader_path()
    {
        await using var source = Wedge(new StringReader("测试甲-SIM\r"), new QrFramingOptions());
        var probe = new SourceProbe(source);

        await source.StartAsync(CancellationToken.None);

        Assert.Equal("测试甲-SIM", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public async Task A_reader_failing_with_a_non_io_fault_ends_the_scans_with_QrSourceFailedException()
    {
        await using var source = Wedge(new FailingReader(), new QrFramingOptions());
        await source.StartAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<QrSourceFailedException>(() => source.Scans.Completion.WaitAsync(SourceProbe.Timeout));

        Assert.Equal("wedge-1", error.Scanner);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task Stop_returns_while_the_reader_never_answers()
    {
        await using var source = Wedge(new SilentReader(), new QrFramingOptions());
        await source.StartAsync(CancellationToken.None);

        await source.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);

        Assert.True(source.Scans.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Stop_returns_while_a_synchronous_reader_blocks_like_console_input()
    {
        using var blocking = new BlockingReader();
        await using var source = Wedge(blocking, new QrFramingOptions());
        await source.StartAsync(CancellationToken.None);
        await blocking.Entered.Task.WaitAsync(SourceProbe.Timeout);

        await source.StopAsync(CancellationToken.None).WaitAsync(SourceProbe.Timeout);

        Assert.True(source.Scans.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Reopens_a_named_pipe_device_each_time_its_writer_goes_away()
    {
        using var directory = new TestDirectory();
        var fifo = Path.Combine(directory.Path, "wedge");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync().WaitAsync(SourceProbe.Timeout);
            Assert.Equal(0, mkfifo.ExitCode);
        }
        await using var source = new KeyboardWedgeQrSource(
            new KeyboardWedgeQrSourceOptions
            {
                Name = "wedge-2",
                DevicePath = fifo,
                Reconnect = new QrReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
            },
            TimeProvider.System,
            NullLogger<KeyboardWedgeQrSource>.Instance);
        var probe = new SourceProbe(source);
        await source.StartAsync(CancellationToken.None);

        await WriteToFifoAsync(fifo, "SIMQR-F1\n");
        Assert.Equal("SIMQR-F1", (await probe.NextScanAsync()).Text);
        await probe.ConnectivityAsync(QrSourceConnectivity.Disconnected);
        await WriteToFifoAsync(fifo, "SIMQR-F2\n");

        Assert.Equal("SIMQR-F2", (await probe.NextScanAsync()).Text);
    }

    [Fact]
    public void Invalid_device_options_are_refused()
    {
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new KeyboardWedgeQrSource(
            new KeyboardWedgeQrSourceOptions { Name = "wedge-3", DevicePath = "" }, TimeProvider.System, NullLogger<KeyboardWedgeQrSource>.Instance));
    }

    private static async Task WriteToFifoAsync(string fifo, string text)
    {
        // Opening a pipe for writing waits for its reader: the source must have (re)opened it.
        await Task.Run(async () =>
        {
            await using var writer = new StreamWriter(new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0));
            await writer.WriteAsync(text);
        }).WaitAsync(SourceProbe.Timeout);
    }

    private static KeyboardWedgeQrSource Wedge(TextReader reader, QrFramingOptions framing) =>
        new("wedge-1", reader, framing, TimeProvider.System, NullLogger<KeyboardWedgeQrSource>.Instance);

    private sealed class FailingReader : TextReader
    {
        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new InvalidOperationException("reader misused"));
    }

    private sealed class SilentReader : TextReader
    {
        private readonly TaskCompletionSource<int> _never = new();

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) => new(_never.Task);
    }

    private sealed class BlockingReader : TextReader
    {
        private readonly ManualResetEventSlim _release = new();

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Blocks the calling thread the way Console.In does, until the test ends.
        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            _release.Wait(CancellationToken.None);
            return ValueTask.FromResult(0);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Not disposed: the blocked thread may still be waking up on it.
                _release.Set();
            }
            base.Dispose(disposing);
        }
    }
}
