using System.Text;

namespace CardBridge.Cli.Tests.Fakes;

/// <summary>A thread-safe text sink a test can await output on (no polling, no sleeps).</summary>
internal sealed class CapturedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value ?? "");

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    public async Task WaitUntilAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            Task written;
            lock (_gate)
            {
                if (predicate(_text.ToString()))
                {
                    return;
                }
                written = _written.Task;
            }
            await written.WaitAsync(expiry.Token);
        }
    }

    private void Append(string value)
    {
        TaskCompletionSource written;
        lock (_gate)
        {
            _text.Append(value);
            written = _written;
            _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        written.SetResult();
    }
}
