namespace CardBridge.Terminal;

/// <summary>Something that happened to the readers or to the service that runs them, as reported by <see cref="IReaderMonitor"/>.</summary>
public abstract record ReaderEvent;

/// <summary>A reader appeared (also reported for every reader of the first snapshot and after a service restart).</summary>
/// <param name="Reader">The reader's name.</param>
public sealed record ReaderAttached(string Reader) : ReaderEvent;

/// <summary>A reader went away (also reported for every known reader when the service is lost).</summary>
/// <param name="Reader">The reader's name.</param>
public sealed record ReaderDetached(string Reader) : ReaderEvent;

/// <summary>A card is in the reader (also reported for cards present in the first snapshot).</summary>
/// <param name="Reader">The reader's name.</param>
/// <param name="Atr">The card's ATR; empty for a mute card.</param>
public sealed record CardInserted(string Reader, ReadOnlyMemory<byte> Atr) : ReaderEvent;

/// <summary>The card left the reader (or its reader or the service went away).</summary>
/// <param name="Reader">The reader's name.</param>
public sealed record CardRemoved(string Reader) : ReaderEvent;

/// <summary>The reader service (PC/SC) cannot be reached; the monitor keeps trying with backoff.</summary>
/// <param name="Reason">What failed, with the PC/SC code name (e.g. <c>SCardGetStatusChange: SCARD_F_COMM_ERROR</c>).</param>
public sealed record ServiceLost(string Reason) : ReaderEvent;

/// <summary>The reader service is back after <see cref="ServiceLost"/>; reader and card events for the new snapshot follow.</summary>
public sealed record ServiceRestored : ReaderEvent;
