namespace CardBridge.Transit.Eligibility;

/// <summary>What the gate knows about the rider at a tap.</summary>
/// <param name="BirthDate">The holder's birth date from the card (EF06 tag 0D); null when it could not be read (a QR code).</param>
/// <param name="Keys">The rider's list keys (<see cref="RiderKeys"/>): card number and SSN for a card, the account for a code.</param>
public sealed record RiderFacts(DateOnly? BirthDate, IReadOnlyList<string> Keys);
