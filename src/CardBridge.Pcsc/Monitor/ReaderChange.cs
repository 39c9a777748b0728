namespace CardBridge.Pcsc;

/// <summary>
/// Something that happened to the readers or to the PC/SC service, as reported by <see cref="ReaderMonitor"/>. The
/// terminal layer turns it into its own reader events, the ones every layer above it sees.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Reader">The reader's name; empty when the service itself was lost or restored.</param>
/// <param name="Atr">For <see cref="ReaderChangeKind.CardInserted"/>: the card's ATR, empty for a mute card; empty otherwise.</param>
/// <param name="Reason">
/// For <see cref="ReaderChangeKind.ServiceLost"/>: what failed, with the PC/SC code name (e.g.
/// <c>SCardGetStatusChange: SCARD_F_COMM_ERROR</c>); empty otherwise.
/// </param>
public readonly record struct ReaderChange(ReaderChangeKind Kind, string Reader, ReadOnlyMemory<byte> Atr = default, string Reason = "");
