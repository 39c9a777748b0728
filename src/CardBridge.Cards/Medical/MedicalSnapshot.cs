namespace CardBridge.Cards.Medical;

/// <summary>Everything the terminal reads from DF04 in one go, with the offline log check.</summary>
/// <param name="Basics">EF05.</param>
/// <param name="Offline">EF06.</param>
/// <param name="Transactions">EF08, newest first.</param>
/// <param name="Log">Whether EF06 accounts for the offline records of EF08.</param>
public sealed record MedicalSnapshot(
    MedicalBasics Basics, OfflineSettlementState Offline, IReadOnlyList<MedicalTransaction> Transactions, OfflineLogState Log);
