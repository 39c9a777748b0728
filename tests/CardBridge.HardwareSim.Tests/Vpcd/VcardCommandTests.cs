using System.CommandLine;
using System.Text;
using System.Threading.Channels;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Simulation.Cards;

namespace CardBridge.HardwareSim.Tests.Vpcd;

public sealed class VcardCommandTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private readonly RecordingCard _card = new();
    private readonly LineReader _stdin = new();
    private readonly LineWriter _stdout = new();
    private readonly LineWriter _stderr = new();
    private readonly List<string> _profilesLoaded = [];

    private CancellationToken Timeout => _timeout.Token;

    public void Dispose()
    {
        _stdin.Dispose();
        _stdout.Dispose();
        _stderr.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public void Profile_is_required()
    {
        var result = Command().Parse([]);

        Assert.Contains(result.Errors, e => e.Message.Contains("--profile", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--vpcd-port", "0")]
    [InlineData("--cycle", "0")]
    [InlineData("--insert-after", "-5")]
    public void Out_of_range_numbers_are_parse_errors(string option, string value)
    {
        var result = Command().Parse(["--profile", "SIM-A", option, value]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Remove_after_before_insert_after_is_a_parse_error()
    {
        var result = Command().Parse(["--profile", "SIM-A", "--insert-after", "500", "--remove-after", "100"]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task Serves_the_profile_card_and_obeys_line_commands_until_quit()
    {
        using var vpcd = FakeVpcd.Start();
        var exit = Invoke("--profile", "SIM-TEST-1", "--vpcd-port", $"{vpcd.Port}");
        using var peer = await vpcd.AcceptAsync(Timeout);
        await _stdout.WaitForLineAsync("state connected", Timeout);

        await peer.SendControlAsync(VpcdPeer.PowerOn, Timeout);
        await _stdout.WaitForLineAsync("state powered-on", Timeout);
        Assert.Equal("00B0000004" + "9000", await peer.TransmitHexAsync("00B0000004", Timeout));

        _stdin.Send("fault sw 6A82 A4");
        await _stdout.WaitForLineAsync("ok fault sw 6A82 A4", Timeout);
        Assert.Equal("6A82", await peer.TransmitHexAsync("00A40000023F00", Timeout));

        _stdin.Send("status");
        await _stdout.WaitForLineAsync("status state=powered-on inserted=true apdus=2 connect-attempts=1", Timeout);

        _stdin.Send("remove");
        await peer.ExpectClosedAsync(Timeout);
        await _stdout.WaitForLineAsync("state removed", Timeout);

        _stdin.Send("quit");
        Assert.Equal(0, await exit.WaitAsync(Timeout));
        Assert.Equal(["SIM-TEST-1"], _profilesLoaded);
    }

    [Fact]
    public async Task No_insert_starts_removed_until_the_insert_command()
    {
        using var vpcd = FakeVpcd.Start();
        var exit = Invoke("--profile", "SIM-A", "--vpcd-port", $"{vpcd.Port}", "--no-insert");

        _stdin.Send("status");
        await _stdout.WaitForLineAsync("status state=removed inserted=false apdus=0 connect-attempts=0", Timeout);
        _stdin.Send("insert");
        using var peer = await vpcd.AcceptAsync(Timeout);
        await _stdout.WaitForLineAsync("state connected", Timeout);

        _stdin.Send("quit");
        Assert.Equal(0, await exit.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Fault_commands_flip_the_card_switches()
    {
        using var vpcd = FakeVpcd.Start();
        var exit = Invoke("--profile", "SIM-A", "--vpcd-port", $"{vpcd.Port}", "--no-insert");

        _stdin.Send("fault mute on");
        _stdin.Send("fault delay 250");
        _stdin.Send("fault corrupt-tlv on");
        _stdin.Send("fault remove-next");
        await _stdout.WaitForLineAsync("ok fault remove-next", Timeout);
        var armed = (_card.Faults.Mute, _card.Faults.Delay, _card.Faults.CorruptTlv, _card.Faults.RemoveOnNextCommand);
        _stdin.Send("fault clear");
        await _stdout.WaitForLineAsync("ok fault clear", Timeout);

        Assert.Equal((true, TimeSpan.FromMilliseconds(250), true, true), armed);
        Assert.Equal((false, TimeSpan.Zero, false, false), (_card.Faults.Mute, _card.Faults.Delay, _card.Faults.CorruptTlv, _card.Faults.RemoveOnNextCommand));
        _stdin.Send("quit");
        await exit.WaitAsync(Timeout);
    }

    [Theory]
    [InlineData("fault sw 6A8")]
    [InlineData("fault sw 6A82 A")]
    [InlineData("fault mute maybe")]
    [InlineData("fault delay -1")]
    [InlineData("eject")]
    public async Task Malformed_line_commands_are_answered_with_an_error(string line)
    {
        using var vpcd = FakeVpcd.Start();
        var exit = Invoke("--profile", "SIM-A", "--vpcd-port", $"{vpcd.Port}", "--no-insert");

        _stdin.Send(line);

        var answer = await _stdout.WaitForLineAsync(l => l.StartsWith("error ", StringComparison.Ordinal), Timeout);
        Assert.Contains(line, answer, StringComparison.Ordinal);
        _stdin.Send("quit");
        await exit.WaitAsync(Timeout);
    }

    [Fact]
    public async Task End_of_stdin_keeps_serving_until_cancelled()
    {
        using var vpcd = FakeVpcd.Start();
        using var terminate = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var exit = Invoke(["--profile", "SIM-A", "--vpcd-port", $"{vpcd.Port}"], null, terminate.Token);
        using var peer = await vpcd.AcceptAsync(Timeout);

        _stdin.Close();
        await _stderr.WaitForLineAsync(l => l.Contains("stdin closed", StringComparison.Ordinal), Timeout);
        Assert.Equal(RecordingCard.TestAtr, await peer.TransmitAsync([VpcdPeer.GetAtr], Timeout));
        Assert.False(exit.IsCompleted);

        await terminate.CancelAsync();

        Assert.Equal(0, await exit.WaitAsync(Timeout));
        await peer.ExpectClosedAsync(Timeout);
    }

    [Fact]
    public async Task Insert_after_keeps_the_card_out_until_the_time_comes()
    {
        using var vpcd = FakeVpcd.Start();
        var time = new ManualTimeProvider();
        var exit = Invoke(["--profile", "SIM-A", "--vpcd-port", $"{vpcd.Port}", "--insert-after", "1500"], time, Timeout);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), await time.NextTimerAsync(Timeout));
        _stdin.Send("status");
        await _stdout.WaitForLineAsync(l => l.StartsWith("status state=removed inserted=false", StringComparison.Ordinal), Timeout);
        time.Advance(TimeSpan.FromMilliseconds(1500));
        using var peer = await vpcd.AcceptAsync(Timeout);
        await _stdout.WaitForLineAsync("state connected", Timeout);

        _stdin.Send("quit");
        await exit.WaitAsync(Timeout);
    }

    private Command Command(TimeProvider? time = null) => VcardCommand.Create(
        name =>
        {
            _profilesLoaded.Add(name);
            return _card;
        },
        _stdin,
        time ?? TimeProvider.System);

    private Task<int> Invoke(params string[] args) => Invoke(args, null, Timeout);

    private Task<int> Invoke(string[] args, TimeProvider? time, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration { Output = _stdout, Error = _stderr, ProcessTerminationTimeout = null };
        return Command(time).Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Stdin fed line by line by the test.</summary>
    private sealed class LineReader : TextReader
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public void Send(string line) => _lines.Writer.TryWrite(line);

        public override void Close() => _lines.Writer.TryComplete();

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            await _lines.Reader.WaitToReadAsync(cancellationToken) && _lines.Reader.TryRead(out var line) ? line : null;
    }

    /// <summary>Stdout or stderr, recorded line by line so the test can await a line.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _partial = new();
        private readonly List<string> _lines = [];
        private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            List<(TaskCompletionSource<string>, string)> matched = [];
            lock (_gate)
            {
                if (value == '\r')
                {
                    return;
                }

                if (value != '\n')
                {
                    _partial.Append(value);
                    return;
                }

                var line = _partial.ToString();
                _partial.Clear();
                _lines.Add(line);
                foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
                {
                    _waiters.Remove(waiter);
                    matched.Add((waiter.Seen, line));
                }
            }

            foreach (var (seen, line) in matched)
            {
                seen.TrySetResult(line);
            }
        }

        public Task<string> WaitForLineAsync(string line, CancellationToken cancellationToken) =>
            WaitForLineAsync(l => l == line, cancellationToken);

        public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
        {
            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_lines.FirstOrDefault(match) is { } already)
                {
                    return already;
                }

                _waiters.Add((match, seen));
            }

            try
            {
                return await seen.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                string written;
                lock (_gate)
                {
                    written = string.Join(" | ", _lines);
                }

                throw new TimeoutException($"Line not seen; written so far: {written}");
            }
        }
    }
}
