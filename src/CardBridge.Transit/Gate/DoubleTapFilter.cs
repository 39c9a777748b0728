using System.Collections.Concurrent;

namespace CardBridge.Transit.Gate;

/// <summary>Remembers each gate's recent decisions per rider, so a second tap within the window gets the first decision.</summary>
internal sealed class DoubleTapFilter(TimeSpan window, TimeProvider time)
{
    private const int SweepAbove = 4096;
    private readonly ConcurrentDictionary<(string Gate, string Rider), TapDecision> _recent = new();

    public TapDecision? Find(string gateId, string riderKey)
    {
        if (window <= TimeSpan.Zero || !_recent.TryGetValue((gateId, riderKey), out var first))
        {
            return null;
        }
        return time.GetUtcNow() - first.DecidedAt <= window ? first : null;
    }

    public void Remember(string gateId, string riderKey, TapDecision decision)
    {
        if (window <= TimeSpan.Zero)
        {
            return;
        }
        _recent[(gateId, riderKey)] = decision;
        if (_recent.Count > SweepAbove)
        {
            var now = time.GetUtcNow();
            foreach (var (key, value) in _recent)
            {
                if (now - value.DecidedAt > window)
                {
                    _recent.TryRemove(key, out _);
                }
            }
        }
    }
}
