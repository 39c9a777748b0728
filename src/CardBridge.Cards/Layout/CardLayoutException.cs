namespace CardBridge.Cards.Layout;

/// <summary>A card file layout (configuration) is invalid; <see cref="Field"/> names the bad setting, the parser error behind it is the inner exception.</summary>
public sealed class CardLayoutException(string field, string message, Exception? innerException = null)
    : CardException($"card layout {field}: {message}", innerException)
{
    /// <summary>The setting at fault (e.g. "HolderFile.Elements.4E.Record").</summary>
    public string Field { get; } = field;
}
