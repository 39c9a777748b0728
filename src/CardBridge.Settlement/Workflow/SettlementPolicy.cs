using System.ComponentModel.DataAnnotations;
using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Workflow;

/// <summary>
/// How this terminal settles (DESIGN §5): its terminal id and the caps within which a settlement may go ahead offline
/// while the centre cannot be reached. Amounts are in fen.
/// </summary>
public sealed class SettlementPolicy
{
    /// <summary>The terminal's 12-digit number (the PSAM terminal number), written to journal records and the card.</summary>
    [Required]
    [RegularExpression("^[0-9]{12}$")]
    public string TerminalId { get; set; } = "";

    /// <summary>
    /// Whether a settlement with the card needs the holder's PIN, verified on the card in the same call (the host
    /// enforces it; offline settlement needs it regardless, since DF04 opens only after the PIN).
    /// </summary>
    public bool RequirePin { get; set; } = true;

    /// <summary>Whether settlements may go ahead offline at all.</summary>
    public bool OfflineEnabled { get; set; } = true;

    /// <summary>The scenarios that may settle offline; empty (the default) allows every scenario.</summary>
    public IList<SettlementScenario> OfflineScenarios { get; } = [];

    /// <summary>The largest single offline settlement.</summary>
    [Range(1, long.MaxValue)]
    public long OfflineMaxPerTransactionFen { get; set; } = 20_000;

    /// <summary>The most one card may settle offline on one day (China Standard Time).</summary>
    [Range(1, long.MaxValue)]
    public long OfflineMaxPerCardPerDayFen { get; set; } = 50_000;

    /// <summary>The most this terminal may hold in offline settlements the centre has not acknowledged yet.</summary>
    [Range(1, long.MaxValue)]
    public long OfflineMaxTerminalPendingFen { get; set; } = 500_000;

    /// <summary>How long the card write of an offline settlement may take once the record is committed (the caller cannot cancel it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CardWriteTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
