namespace CardBridge.HardwareSim.Vpcd;

/// <summary>Where a <see cref="VpcdCardBridge"/> is in the life of its card.</summary>
public enum VpcdBridgeState
{
    /// <summary>The card is out of the reader: no connection to vpcd, none wanted.</summary>
    Removed,

    /// <summary>The card is inserted and the bridge is (re)connecting to vpcd, with backoff while it cannot.</summary>
    Connecting,

    /// <summary>Connected to vpcd: the reader sees a card, which is not powered.</summary>
    Connected,

    /// <summary>vpcd powered the card on (or reset it): APDUs are being served.</summary>
    PoweredOn,
}
