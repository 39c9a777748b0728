namespace CardBridge.Qr.Sources;

/// <summary>Whether a scanner source currently has its device open.</summary>
public enum QrSourceConnectivity
{
    /// <summary>The device is not open (not there yet, gone, or the source stopped).</summary>
    Disconnected,

    /// <summary>The device is open and its lines are being read.</summary>
    Connected,
}
