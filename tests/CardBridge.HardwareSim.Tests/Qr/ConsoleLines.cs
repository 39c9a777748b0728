using System.Text;
using System.Threading.Channels;

namespace CardBridge.HardwareSim.Tests.Qr;

/// <summary>A command's stdin and stdout as line queues: the test types lines in and awaits the lines written back.</summary>
internal sealed class ConsoleLines
{
    private readonly Channel<string> _typed = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _printed = Channel.CreateUnbounded<string>();

    public ConsoleLines()
    {
        Input = new QueueReader(_typed.Reader);
        Output = new QueueWriter(_printed.Writer);
    }

    public TextReader Input { get; }

    public TextWriter Output { get; }

    public void Type(string line) => _typed.Writer.TryWrite(line);

    public void EndInput() => _typed.Writer.TryComplete();

    public async Task<string> NextPrintedAsync()
    {
        using var timeout = new CancellationTokenSource(PtyPair.Timeout);
        return await _printed.Reader.ReadAsync(timeout.Token);
    }

    private sealed class QueueReader(ChannelReader<string> lines) : TextReader
    {
        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            await lines.WaitToReadAsync(cancellationToken) && lines.TryRead(out var line) ? line : null;
    }

    private sealed class QueueWriter(ChannelWriter<string> lines) : TextWriter
    {
        private readonly StringBuilder _line = new();
        private readonly Lock _lock = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_lock)
            {
                if (value == '\n')
                {
                    lines.TryWrite(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }
    }
}
