namespace CardBridge.Settlement.Workflow;

/// <summary>Which rule kept a settlement from going ahead offline.</summary>
public enum OfflineLimit
{
    /// <summary>Offline settlement is switched off on this terminal.</summary>
    Disabled,

    /// <summary>The scenario may not settle offline.</summary>
    Scenario,

    /// <summary>The amount is above the per-transaction cap.</summary>
    PerTransaction,

    /// <summary>The card's offline total for the day would pass its cap.</summary>
    PerCardPerDay,

    /// <summary>The terminal's unacknowledged offline total would pass its cap.</summary>
    TerminalTotal,

    /// <summary>Offline settlement needs the physical card (an e-voucher can only settle online).</summary>
    CardRequired,

    /// <summary>The card itself refuses offline settlement (DF04 EF06 says not allowed, or its log is full or torn).</summary>
    CardRefused,
}
