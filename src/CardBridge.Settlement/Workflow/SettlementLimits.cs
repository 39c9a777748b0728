namespace CardBridge.Settlement.Workflow;

/// <summary>The limits a settle or reverse request must keep before anything is stored or sent.</summary>
internal static class SettlementLimits
{
    private const int MaxKeyLength = 128;

    public static void CheckKey(string clientId, string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            throw new ArgumentException($"An idempotency key is 1 to {MaxKeyLength} printable characters.", nameof(key));
        }
    }

    public static void CheckBill(SettlementSubject subject, SettlementBill bill)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(bill);
        if (bill.TotalFen <= 0)
        {
            throw new ArgumentException("A bill's total is a positive number of fen.", nameof(bill));
        }
        if (!Enum.IsDefined(bill.Scenario))
        {
            throw new ArgumentException("Unknown settlement scenario.", nameof(bill));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(subject.CertificateNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject.HolderKey);
    }
}
