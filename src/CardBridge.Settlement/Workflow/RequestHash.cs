using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CardBridge.Journal.Calls;

namespace CardBridge.Settlement.Workflow;

/// <summary>The fingerprint a call is stored with, so a repeated idempotency key can be told from a reused one.</summary>
internal static class RequestHash
{
    public static byte[] OfSettle(SettlementSubject subject, SettlementBill bill) => Of(
        SettlementCall.Settle, ((int)subject.CertificateType).ToString(CultureInfo.InvariantCulture), subject.CertificateNumber,
        ((int)bill.Scenario).ToString(CultureInfo.InvariantCulture), bill.TotalFen.ToString(CultureInfo.InvariantCulture),
        Convert.ToHexString(bill.LineItemHash.Span), bill.VisitId ?? "", bill.MedicalType, bill.InsuranceType);

    public static byte[] OfReverse(string settlementKey) => Of(SettlementCall.Reverse, settlementKey);

    public static byte[] OfVisit(string infNo, SettlementSubject subject, IEnumerable<string> parts) =>
        Of([SettlementCall.Visit, infNo, ((int)subject.CertificateType).ToString(CultureInfo.InvariantCulture), subject.CertificateNumber, .. parts]);

    private static byte[] Of(params string[] parts) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
}
