namespace CardBridge.Journal.Calls;

/// <summary>The offline money the settlement caps weigh a new offline settlement against, read in one snapshot.</summary>
/// <param name="HolderFen">What the holder settled offline in the window asked for, reversals excluded.</param>
/// <param name="TerminalPendingFen">The money in this terminal's offline settlement records the centre has not acknowledged yet.</param>
public readonly record struct OfflineTotals(long HolderFen, long TerminalPendingFen);
