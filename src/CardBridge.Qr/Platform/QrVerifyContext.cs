namespace CardBridge.Qr.Platform;

/// <summary>Who asks the platform to verify a code, and for what (the <c>ec.query</c> inputs besides the code).</summary>
/// <param name="OrgCode">The designated institution's code, 1–30 letters or digits.</param>
/// <param name="BusinessType">The business the code is presented for.</param>
/// <param name="OperatorId">The operator's id (staff member or self-service terminal), 1–30 letters or digits.</param>
/// <param name="OperatorName">The operator's name; may be empty.</param>
public sealed record QrVerifyContext(string OrgCode, QrBusinessType BusinessType, string OperatorId, string OperatorName = "")
{
    internal string BusinessTypeCode => ((int)BusinessType).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Throws <see cref="ArgumentException"/> when a field is out of its range.</summary>
    internal void Validate()
    {
        if (!IsCode(OrgCode))
        {
            throw new ArgumentException("OrgCode must be 1-30 letters or digits.", nameof(OrgCode));
        }
        if (!Enum.IsDefined(BusinessType))
        {
            throw new ArgumentException("BusinessType is not a known business type.", nameof(BusinessType));
        }
        if (!IsCode(OperatorId))
        {
            throw new ArgumentException("OperatorId must be 1-30 letters or digits.", nameof(OperatorId));
        }
        ArgumentNullException.ThrowIfNull(OperatorName);
    }

    private static bool IsCode(string? value) => value is { Length: >= 1 and <= 30 } && value.All(char.IsAsciiLetterOrDigit);
}
