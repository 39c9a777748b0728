namespace CardBridge.Qr.Sources;

/// <summary>A scanner source opened or lost its device.</summary>
public sealed class QrSourceConnectivityEventArgs(string scanner, QrSourceConnectivity connectivity, DateTimeOffset at) : EventArgs
{
    /// <summary>The scanner's name.</summary>
    public string Scanner { get; } = scanner;

    /// <summary>The new state.</summary>
    public QrSourceConnectivity Connectivity { get; } = connectivity;

    /// <summary>When the change was seen.</summary>
    public DateTimeOffset At { get; } = at;
}
