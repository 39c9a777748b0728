namespace CardBridge.Journal;

/// <summary>
/// The personal fields of a record, exactly as the caller passed them. The journal stores them only encrypted;
/// <see cref="ToString"/> masks them so they never reach a log by accident.
/// </summary>
/// <param name="CardNumber">The social security card number, when a card was used.</param>
/// <param name="Ssn">The social security number (citizen id).</param>
/// <param name="Name">The holder's name.</param>
public sealed record PersonalFields(string? CardNumber, string? Ssn, string? Name)
{
    /// <summary>The fields masked as the redaction policy requires.</summary>
    public PersonalFields Masked() => new(
        CardBridge.Cards.Privacy.Masked.CardNumber(CardNumber),
        CardBridge.Cards.Privacy.Masked.Ssn(Ssn),
        CardBridge.Cards.Privacy.Masked.Name(Name));

    /// <inheritdoc />
    public override string ToString() =>
        $"PersonalFields {{ CardNumber = {Cards.Privacy.Masked.CardNumber(CardNumber)}, Ssn = {Cards.Privacy.Masked.Ssn(Ssn)}, Name = {Cards.Privacy.Masked.Name(Name)} }}";
}
