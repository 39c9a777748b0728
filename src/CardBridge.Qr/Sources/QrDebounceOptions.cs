using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr.Sources;

/// <summary>How repeated reads of one code are merged by <see cref="DebouncingQrSource"/>.</summary>
public sealed class QrDebounceOptions
{
    /// <summary>
    /// A read of the same text within this time of its previous read is merged into the first scan. The window slides:
    /// a code held under the scanner stays one scan until it has been out of sight for the whole window.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(2);
}
