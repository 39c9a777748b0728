namespace CardBridge.Qr.Sources;

/// <summary>
/// Decides whether a scan repeats a recent one (same text within the sliding window, by scan time). Remembers texts
/// seen within the window only, and at most <see cref="MaxRemembered"/> of them.
/// </summary>
internal sealed class DebounceFilter(TimeSpan window)
{
    internal const int MaxRemembered = 256;

    private readonly Dictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="scan"/>; true when it is new (to be published), false when it repeats a recent read.</summary>
    public bool Admit(QrScan scan)
    {
        foreach (var (text, seen) in _lastSeen)
        {
            if (scan.ScannedAt - seen >= window)
            {
                _lastSeen.Remove(text);
            }
        }
        var repeat = _lastSeen.TryGetValue(scan.Text, out var previous) && scan.ScannedAt - previous < window;
        if (!repeat && _lastSeen.Count >= MaxRemembered)
        {
            _lastSeen.Remove(_lastSeen.MinBy(entry => entry.Value).Key);
        }
        _lastSeen[scan.Text] = scan.ScannedAt;
        return !repeat;
    }
}
