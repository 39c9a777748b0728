namespace CardBridge.Settlement.Workflow;

/// <summary>
/// A settle or reverse request breaks a <see cref="SettlementLimits"/> rule; nothing was stored or sent. An
/// <see cref="ArgumentException"/>, as a malformed argument to the workflow always was, naming the field and the rule.
/// </summary>
public sealed class InvalidSettlementRequestException(SettlementRequestField field, string rule)
    : ArgumentException($"{field}: {rule}.", field.ToString())
{
    /// <summary>The part of the request that is wrong.</summary>
    public SettlementRequestField Field { get; } = field;

    /// <summary>The rule it breaks, for people ("1 to 128 printable characters").</summary>
    public string Rule { get; } = rule;
}
