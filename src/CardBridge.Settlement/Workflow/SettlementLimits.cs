namespace CardBridge.Settlement.Workflow;

/// <summary>
/// The limits of a settle or reverse request — its idempotency keys and its bill — in one place. The workflow checks
/// every request with them; the service checks a request with the same methods before it touches the card (so a
/// malformed request costs no PIN try) and maps <see cref="InvalidSettlementRequestException"/> to its field.
/// </summary>
public static class SettlementLimits
{
    private const int MaxKeyLength = 128;
    private const int MaxVisitIdLength = 64;
    private const int MaxCodeLength = 8;
    private const int LineItemHashLength = 32;

    /// <summary>An idempotency key is 1 to 128 printable characters, not all blank.</summary>
    /// <exception cref="InvalidSettlementRequestException">It is not.</exception>
    public static void CheckKey(string key, SettlementRequestField field)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            throw new InvalidSettlementRequestException(field, $"1 to {MaxKeyLength} printable characters");
        }
    }

    /// <summary>
    /// A bill has a positive total, a known scenario, an empty or SHA-256-long line-item hash, and a visit id and type
    /// codes of printable characters within their lengths.
    /// </summary>
    /// <exception cref="InvalidSettlementRequestException">It has not.</exception>
    public static void CheckBill(SettlementBill bill)
    {
        ArgumentNullException.ThrowIfNull(bill);
        if (bill.TotalFen <= 0)
        {
            throw new InvalidSettlementRequestException(SettlementRequestField.BillTotal, "a positive number of fen");
        }
        if (!Enum.IsDefined(bill.Scenario))
        {
            throw new InvalidSettlementRequestException(SettlementRequestField.BillScenario, "outpatient, pharmacy or inpatient");
        }
        if (bill.LineItemHash.Length is not (0 or LineItemHashLength))
        {
            throw new InvalidSettlementRequestException(SettlementRequestField.BillLineItemHash, $"empty or {LineItemHashLength} bytes (SHA-256)");
        }
        CheckText(bill.VisitId, MaxVisitIdLength, SettlementRequestField.BillVisitId);
        CheckText(bill.MedicalType, MaxCodeLength, SettlementRequestField.BillMedicalType);
        CheckText(bill.InsuranceType, MaxCodeLength, SettlementRequestField.BillInsuranceType);
    }

    /// <summary>A visit call's own text (a hospital number, a visit id) is 1 to 64 printable characters.</summary>
    /// <exception cref="InvalidSettlementRequestException">It is not.</exception>
    public static void CheckVisitText(string? value, SettlementRequestField field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidSettlementRequestException(field, $"1 to {MaxVisitIdLength} printable characters");
        }
        CheckText(value, MaxVisitIdLength, field);
    }

    private static void CheckText(string? value, int maxLength, SettlementRequestField field)
    {
        if (value is not null && (value.Length > maxLength || value.Any(char.IsControl)))
        {
            throw new InvalidSettlementRequestException(field, $"up to {maxLength} printable characters");
        }
    }
}
