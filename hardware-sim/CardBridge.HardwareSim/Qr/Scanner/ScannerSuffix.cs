namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>What the simulated scanner sends after each code, as configured on a real one.</summary>
public enum ScannerSuffix
{
    /// <summary>0x0D.</summary>
    Cr,

    /// <summary>0x0A.</summary>
    Lf,

    /// <summary>0x0D 0x0A.</summary>
    CrLf,

    /// <summary>Nothing; the reader tells codes apart by the pause between them.</summary>
    None,
}
