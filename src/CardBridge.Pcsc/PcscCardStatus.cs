namespace CardBridge.Pcsc;

/// <summary>What <see cref="PcscCard.Status"/> reports (SCardStatus).</summary>
/// <param name="Reader">The reader's name.</param>
/// <param name="State">The card's state.</param>
/// <param name="Protocol">The active protocol.</param>
/// <param name="Atr">The card's ATR.</param>
public sealed record PcscCardStatus(string Reader, PcscCardState State, PcscProtocols Protocol, ReadOnlyMemory<byte> Atr);
