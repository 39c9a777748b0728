using System.Diagnostics;

namespace CardBridge.Bench;

/// <summary>
/// The latency samples of one kind of call as they are taken, in milliseconds, and the wall time its timed calls took
/// (for calls per second). Not thread-safe: concurrent callers fill one each and <see cref="AddRange"/> them after.
/// </summary>
internal sealed class Series
{
    private readonly List<double> _samples = [];

    public IReadOnlyList<double> Samples => _samples;

    public int Count => _samples.Count;

    /// <summary>Wall time of the calls timed with <see cref="Time"/> and <see cref="TimeAsync"/>, plus what <see cref="AddSeconds"/> adds.</summary>
    public double Seconds { get; private set; }

    public double PerSecond => Count / Seconds;

    public void Add(double milliseconds) => _samples.Add(milliseconds);

    /// <summary>One sample: the time since <paramref name="start"/>, a <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public void AddSince(long start) => _samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);

    public void AddRange(Series other) => _samples.AddRange(other._samples);

    public void AddSeconds(double seconds) => Seconds += seconds;

    /// <summary><paramref name="count"/> calls back to back, each one a sample.</summary>
    public void Time(int count, Action call)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            call();
            AddSince(start);
        }
        Seconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// <paramref name="count"/> calls back to back, each one a sample; <paramref name="untimed"/>, when given, runs before
    /// each call and is left out of both the sample and <see cref="Seconds"/>.
    /// </summary>
    public async Task TimeAsync(int count, Func<Task> call, Func<Task>? untimed = null)
    {
        var started = Stopwatch.GetTimestamp();
        var excluded = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            if (untimed is not null)
            {
                var aside = Stopwatch.GetTimestamp();
                await untimed();
                excluded += Stopwatch.GetElapsedTime(aside);
            }
            var start = Stopwatch.GetTimestamp();
            await call();
            AddSince(start);
        }
        Seconds += (Stopwatch.GetElapsedTime(started) - excluded).TotalSeconds;
    }

    public Samples Summary() => Bench.Samples.Of(_samples);
}
