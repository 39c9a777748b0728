namespace CardBridge.Service.Configuration;

/// <summary>How cards meet a reader (<c>Readers:Interfaces</c>).</summary>
internal enum ReaderInterfaceKind
{
    /// <summary>Contact (ISO 7816-3): the card is inserted.</summary>
    Contact,

    /// <summary>Contactless (ISO 14443): the card is held to the reader.</summary>
    Contactless,
}
