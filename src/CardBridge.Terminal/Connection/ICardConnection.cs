using CardBridge.Cards.Pin;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>One connection to one card; disposing it releases the card (left powered, as found).</summary>
public interface ICardConnection : IDisposable
{
    /// <summary>The raw transport to the card; wrap it in a <see cref="CardChannel"/> for the ISO 7816 rules.</summary>
    IApduTransport Transport { get; }

    /// <summary>The card's answer to reset as read at connect time.</summary>
    ReadOnlyMemory<byte> Atr { get; }

    /// <summary>The reader's control channel (PIN pad features, PC/SC part 10); null when the reader offers none.</summary>
    IReaderControl? ReaderControl { get; }
}
