namespace CardBridge.Cards.Medical;

/// <summary>
/// The card was debited and holds the settlement's EF08 record, but the EF06 commit did not complete (the card left,
/// or refused an EF06 write). <see cref="Write"/> carries the TAC for the centre; the card reads back as
/// <see cref="OfflineLogStatus.Torn"/> and <see cref="OfflineSettlementWriter.RepairAsync"/> completes it.
/// </summary>
public sealed class OfflineSettlementTornException(OfflineCardWrite write, Exception innerException)
    : CardException("offline settlement debited on the card but its EF06 commit did not complete", innerException)
{
    /// <summary>The debit the card completed.</summary>
    public OfflineCardWrite Write { get; } = write ?? throw new ArgumentNullException(nameof(write));
}
