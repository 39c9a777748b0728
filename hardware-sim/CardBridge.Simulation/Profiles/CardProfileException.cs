namespace CardBridge.Simulation.Profiles;

/// <summary>A card profile or issuer key file that cannot be loaded; names the file and the offending field.</summary>
public sealed class CardProfileException : Exception
{
    /// <summary>Creates the error for <paramref name="field"/> (a dotted JSON path, empty for the whole file) of <paramref name="source"/>.</summary>
    public CardProfileException(string source, string field, string problem, Exception? innerException = null)
        : base(field.Length == 0 ? $"{source}: {problem}" : $"{source}: field '{field}': {problem}", innerException)
    {
        Source = source;
        Field = field;
    }

    /// <summary>The profile name or file path.</summary>
    public new string Source { get; }

    /// <summary>The dotted JSON path of the offending field, e.g. <c>holder.birthDate</c>; empty for the whole file.</summary>
    public string Field { get; }
}
