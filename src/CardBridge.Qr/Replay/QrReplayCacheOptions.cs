using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr.Replay;

/// <summary>Configuration of the single-use code cache (section <c>Qr:Replay</c>).</summary>
public sealed class QrReplayCacheOptions
{
    /// <summary>Path of the SQLite database file; created when missing. One process owns it at a time.</summary>
    [Required]
    public string DatabasePath { get; init; } = "";

    /// <summary>
    /// Most codes remembered. At the bound the entries whose codes have expired go first, then the oldest: a live code
    /// evicted that way could be accepted again, so size it above the codes a terminal sees in one validity window.
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxEntries { get; init; } = 200_000;

    /// <summary>
    /// How long an entry is kept past its code's expiry before it counts as expired; at least the verifier's clock-skew
    /// tolerance, since the verifier still accepts a code that long after its expiry.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ExpiredRetention { get; init; } = TimeSpan.FromMinutes(5);
}
