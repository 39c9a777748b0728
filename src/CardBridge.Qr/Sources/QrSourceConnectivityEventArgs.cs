namespace CardBridge.Qr.Sources;

/// <summary>A scanner source opened or lost its device.</summary>
public sealed class QrSourceConnectivityEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public QrSourceConnectivityEventArgs(string scanner, QrSourceConnectivity connectivity, DateTimeOffset at)
    {
        Scanner = scanner;
        Connectivity = connectivity;
        At = at;
    }

    /// <summary>The scanner's name.</summary>
    public string Scanner { get; }

    /// <summary>The new state.</summary>
    public QrSourceConnectivity Connectivity { get; }

    /// <summary>When the change was seen.</summary>
    public DateTimeOffset At { get; }
}
