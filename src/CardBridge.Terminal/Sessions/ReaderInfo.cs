namespace CardBridge.Terminal;

/// <summary>A reader the terminal knows, with the session of the card in it.</summary>
/// <param name="Name">The reader's name.</param>
/// <param name="HasCard">True while a card is in the reader (its session may still be being read).</param>
/// <param name="SessionId">The live session of the card in it; null while there is none (yet).</param>
public sealed record ReaderInfo(string Name, bool HasCard, Guid? SessionId);
