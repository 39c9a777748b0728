namespace CardBridge.Journal;

/// <summary>
/// What a journal record is for. Open-ended on purpose: a new kind (a transit ride) is a new value, not a schema change.
/// </summary>
public readonly record struct JournalKind
{
    /// <summary>A medical settlement made while the insurance centre was unreachable (seed item 48).</summary>
    public static JournalKind OfflineMedicalSettlement { get; } = new("offline-medical-settlement");

    /// <summary>A transit ride recorded at the gate, uploaded later.</summary>
    public static JournalKind TransitRide { get; } = new("transit-ride");

    /// <summary>Creates a kind from its stable name: 1–64 characters of lower-case ASCII letters, digits and '-'.</summary>
    public JournalKind(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length is 0 or > 64 || !value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException("A journal kind is 1-64 characters of a-z, 0-9 and '-'.", nameof(value));
        }
        Value = value;
    }

    /// <summary>The stable name stored in the journal.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
