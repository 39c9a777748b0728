using System.Collections.Concurrent;

namespace CardBridge.Service.Security;

/// <summary>
/// Lets a log line about one caller through at most once per <see cref="Interval"/>: what a hostile client sends can
/// fill the audit file (one line per call, by design) but not the diagnostic log. Callers are the client id, or the peer
/// address of a caller not recognised.
/// </summary>
internal sealed class CallerLogGate(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // Past this many callers, entries older than the interval are dropped: a caller seen once does not stay forever.
    private const int PruneAbove = 1024;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastLogged = new(StringComparer.Ordinal);

    /// <summary>Whether a line about <paramref name="caller"/> may be logged now; if so, the next one waits an interval.</summary>
    public bool Admit(string caller)
    {
        var now = time.GetUtcNow();
        // TryUpdate and TryAdd let exactly one of two concurrent calls through.
        if (_lastLogged.TryGetValue(caller, out var last))
        {
            return now - last >= Interval && _lastLogged.TryUpdate(caller, now, last);
        }
        if (_lastLogged.Count > PruneAbove)
        {
            foreach (var (key, at) in _lastLogged)
            {
                if (now - at >= Interval)
                {
                    _lastLogged.TryRemove(key, out _);
                }
            }
        }
        return _lastLogged.TryAdd(caller, now);
    }
}
