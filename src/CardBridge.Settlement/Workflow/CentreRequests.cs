using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Workflow;

/// <summary>The centre's questions about a subject and a bill, built the same way for every operation.</summary>
internal static class CentreRequests
{
    public static PersonQuery Query(SettlementSubject subject) =>
        new(subject.CertificateType, subject.CertificateNumber) { CardSerialNumber = subject.CardSerialNumber, PersonName = subject.Personal.Name };

    public static SettlementRequest Request(string personNo, SettlementSubject subject, SettlementBill bill) =>
        new(personNo, subject.CertificateType, subject.CertificateNumber, bill.TotalFen)
        {
            VisitId = bill.VisitId,
            MedicalType = bill.MedicalType,
            InsuranceType = bill.InsuranceType,
        };
}
