using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Workflow;

/// <summary>The centre's questions about a subject and a bill, built the same way for every operation.</summary>
internal static class CentreRequests
{
    public static PersonQuery Query(SettlementSubject subject) =>
        new(subject.CertificateType, subject.CertificateNumber) { CardSerialNumber = subject.CardSerialNumber, PersonName = subject.Personal.Name };

    public static SettlementRequest Request(PersonInfo person, SettlementSubject subject, SettlementBill bill) =>
        new(person.PersonNo, subject.CertificateType, subject.CertificateNumber, bill.TotalFen)
        {
            VisitId = bill.VisitId,
            MedicalType = bill.MedicalType,
            InsuranceType = bill.InsuranceType,
            InsuredArea = InsuredArea(person, bill.InsuranceType),
            Operator = bill.Operator,
        };

    /// <summary>
    /// The area that insures the person under <paramref name="insuranceType"/> (their 1101 <c>insuinfo</c>), else under
    /// their first insurance: every call for the person names it, so a cross-region patient is settled by their own area.
    /// Null when the centre named none (the terminal's configured area is sent then).
    /// </summary>
    public static string? InsuredArea(PersonInfo person, string insuranceType) =>
        (person.Insurances.FirstOrDefault(i => i.InsuranceType == insuranceType) ?? (person.Insurances.Count > 0 ? person.Insurances[0] : null))?.InsuredArea is { Length: > 0 } area
            ? area
            : null;
}
