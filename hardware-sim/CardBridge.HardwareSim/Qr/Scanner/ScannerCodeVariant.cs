namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>Which code the simulated scanner reads, as a test of the terminal needs it.</summary>
public enum ScannerCodeVariant
{
    /// <summary>A code the terminal accepts now.</summary>
    Valid,

    /// <summary>A correctly made code whose validity has lapsed.</summary>
    Expired,

    /// <summary>A code altered after it was made (transit: a signed field changed; platform: one token character changed).</summary>
    Tampered,

    /// <summary>A valid code read twice, the second read after the replay delay (longer than a scanner's debounce window).</summary>
    Replayed,
}
