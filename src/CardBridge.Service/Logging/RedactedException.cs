namespace CardBridge.Service.Logging;

/// <summary>
/// Stands in for a logged exception: the same type name, message and stack trace text, with personal data masked
/// (sinks render an exception through <see cref="ToString"/>).
/// </summary>
#pragma warning disable CA1032, CA1064 // Only the log pipeline creates it, from an exception that was already thrown.
internal sealed class RedactedException(Exception original) : Exception(LogRedactionPolicy.RedactText(original.Message))
#pragma warning restore CA1032, CA1064
{
    private readonly string _text = LogRedactionPolicy.RedactText(original.ToString());

    /// <summary>The original exception's type.</summary>
    public Type OriginalType { get; } = original.GetType();

    public override string ToString() => _text;
}
