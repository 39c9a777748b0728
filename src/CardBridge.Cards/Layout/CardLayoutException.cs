namespace CardBridge.Cards.Layout;

/// <summary>A card file layout (configuration) is invalid; <see cref="Field"/> names the bad setting.</summary>
public sealed class CardLayoutException : CardException
{
    /// <summary>Creates the error for a field.</summary>
    public CardLayoutException(string field, string message) : base($"card layout {field}: {message}")
    {
        Field = field;
    }

    /// <summary>Creates the error for a field with the parser error behind it.</summary>
    public CardLayoutException(string field, string message, Exception innerException)
        : base($"card layout {field}: {message}", innerException)
    {
        Field = field;
    }

    /// <summary>The setting at fault (e.g. "HolderFile.Elements.4E.Record").</summary>
    public string Field { get; }
}
