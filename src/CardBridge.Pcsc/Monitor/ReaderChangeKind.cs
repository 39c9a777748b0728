namespace CardBridge.Pcsc;

/// <summary>What a <see cref="ReaderChange"/> reports.</summary>
public enum ReaderChangeKind
{
    /// <summary>A reader appeared (also reported for every reader of the first snapshot and after a service restart).</summary>
    ReaderAttached,

    /// <summary>A reader went away (also reported for every known reader when the service is lost).</summary>
    ReaderDetached,

    /// <summary>A card is in the reader (also reported for cards present in the first snapshot).</summary>
    CardInserted,

    /// <summary>The card left the reader (or its reader or the service went away).</summary>
    CardRemoved,

    /// <summary>The PC/SC service cannot be reached; the monitor keeps trying with backoff.</summary>
    ServiceLost,

    /// <summary>The PC/SC service is back after <see cref="ServiceLost"/>; reader and card changes for the new snapshot follow.</summary>
    ServiceRestored,
}
