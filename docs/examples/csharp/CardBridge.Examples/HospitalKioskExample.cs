using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Examples;

/// <summary>
/// docs/guides/his.md, "Kiosk flows": a self-service kiosk registers an outpatient and takes the payment in one visit
/// (register, fee upload, pre-settle, settle), then settles the discharge of a patient insured in another area (person
/// lookup, admission, fee batches, pre-settle, settle, discharge). Needs scope <c>settlement</c>.
/// </summary>
internal sealed class HospitalKioskExample(Connection service, TextWriter output)
{
    private static readonly VisitContext Kiosk = new() { OperatorCode = "KIOSK01", OperatorName = "自助机一号", DepartmentCode = "NK01", DepartmentName = "内科" };
    private static readonly Diagnosis Pneumonia = new() { Code = "J18.900", Name = "肺炎" };

    private readonly HospitalService.HospitalServiceClient _hospital = new(service.Invoker);
    private readonly SettlementService.SettlementServiceClient _settlement = new(service.Invoker);

    public async Task<int> RunAsync(string voucher, string idNumber, string name, string visitPrefix, CancellationToken cancellationToken)
    {
        try
        {
            await RegisterAndPayAsync(new SettlementCredential { EVoucherToken = voucher }, visitPrefix, cancellationToken);
            var byDocument = new SettlementCredential { IdDocument = new IdDocument { Number = idNumber, Name = name } };
            await DischargeSettlementAsync(byDocument, visitPrefix, cancellationToken);
            return 0;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"refused: {refusal}: " + refusal.Reason switch
            {
                "CENTRE_REJECTED" => "show the centre's message and send the patient to the counter",
                "CENTRE_UNAVAILABLE" => "the centre is unreachable: ask again with the same keys in a moment",
                "SETTLEMENT_OUTCOME_UNKNOWN" => "do not take payment another way: ask again later with the same key",
                _ => "send the patient to the counter",
            });
            return 1;
        }
    }

    // Outpatient: register, upload the visit's fees, show the split, settle under the visit id.
    private async Task RegisterAndPayAsync(SettlementCredential credential, string prefix, CancellationToken cancellationToken)
    {
        var visit = await _hospital.RegisterOutpatientAsync(new RegisterOutpatientRequest
        {
            IdempotencyKey = prefix + "-reg", Credential = credential, OutpatientNo = prefix + "-MZ", Context = Kiosk, Purpose = "kiosk registration",
        }, deadline: Deadline(), cancellationToken: cancellationToken);
        output.WriteLine($"registered: visit={visit.VisitId} area={visit.InsuredArea}");
        var fees = await _hospital.UploadFeeBatchAsync(new UploadFeeBatchRequest
        {
            IdempotencyKey = prefix + "-fees", Credential = credential, VisitId = visit.VisitId, Scenario = SettlementScenario.Outpatient,
            Items = { Fee("O1", 2, 1500), Fee("O2", 1, 2000) }, Context = Kiosk, Purpose = "kiosk fees",
        }, deadline: Deadline(), cancellationToken: cancellationToken);
        output.WriteLine($"fees: batches sent={fees.BatchesSent} replayed={fees.BatchesReplayed} details={fees.Results.Count}");
        var bill = new Bill { Scenario = SettlementScenario.Outpatient, TotalFen = 5000, VisitId = visit.VisitId, Context = Kiosk };
        var quote = await _settlement.PreSettleAsync(new PreSettleRequest { Credential = credential, Bill = bill, Purpose = "kiosk pre-settlement" },
            deadline: Deadline(), cancellationToken: cancellationToken);
        output.WriteLine($"pre-settle: {Split(quote.Amounts)}");
        var settled = await _settlement.SettleAsync(new SettleRequest
        {
            IdempotencyKey = prefix + "-settle", Credential = credential, Bill = bill, Purpose = "kiosk payment",
        }, deadline: Deadline(), cancellationToken: cancellationToken);
        output.WriteLine($"settle: settlement_id={settled.SettlementId} {Split(settled.Amounts)} pooled_fund={settled.Breakdown.PooledFundFen}");
    }

    // Inpatient from another area: every call goes under the person's own insured area, which the lookup shows.
    private async Task DischargeSettlementAsync(SettlementCredential credential, string prefix, CancellationToken cancellationToken)
    {
        var person = await _settlement.GetInsuredPersonAsync(new GetInsuredPersonRequest { Credential = credential, Purpose = "admission" },
            deadline: Deadline(), cancellationToken: cancellationToken);
        output.WriteLine($"person: area={person.Insurances[0].InsuredArea} insurance={person.Insurances[0].InsuranceType}");
        var stay = await _hospital.AdmitAsync(new AdmitRequest
        {
            IdempotencyKey = prefix + "-admit", Credential = credential, InpatientNo = prefix + "-ZY", Diagnosis = Pneumonia, Purpose = "admission",
        }, deadline: Deadline(), cancellationToken: cancellationToken);
        output.WriteLine($"admitted: visit={stay.VisitId} area={stay.InsuredArea}");
        // Each day's fees as one batch under its own key: after a crash the same batches go again and only new ones reach the centre.
        var sent = 0;
        foreach (var day in new[] { 1, 2, 3 })
        {
            var batch = await _hospital.UploadFeeBatchAsync(new UploadFeeBatchRequest
            {
                IdempotencyKey = $"{prefix}-fees-{day}", Credential = credential, VisitId = stay.VisitId, Scenario = SettlementScenario.Inpatient,
                Items = { Fee($"I{day}", 4, 10_000) }, Purpose = "ward fees",
            }, deadline: Deadline(), cancellationToken: cancellationToken);
            sent += batch.BatchesSent;
        }
        output.WriteLine($"fees: batches sent={sent}");
        var bill = new Bill { Scenario = SettlementScenario.Inpatient, TotalFen = 120_000, VisitId = stay.VisitId };
        await _settlement.PreSettleAsync(new PreSettleRequest { Credential = credential, Bill = bill, Purpose = "discharge pre-settlement" },
            deadline: Deadline(), cancellationToken: cancellationToken);
        var settled = await _settlement.SettleAsync(new SettleRequest
        {
            IdempotencyKey = prefix + "-discharge-settle", Credential = credential, Bill = bill, Purpose = "discharge settlement",
        }, deadline: Deadline(), cancellationToken: cancellationToken);
        output.WriteLine(
            $"discharge settle: {Split(settled.Amounts)} deductible={settled.Breakdown.DeductibleFen} pooled_fund={settled.Breakdown.PooledFundFen}");
        var left = await _hospital.DischargeAsync(new DischargeRequest
        {
            IdempotencyKey = prefix + "-discharge", Credential = credential, VisitId = stay.VisitId, Diagnosis = Pneumonia, Purpose = "discharge",
        }, deadline: Deadline(), cancellationToken: cancellationToken);
        output.WriteLine($"discharged: visit={left.VisitId} area={left.InsuredArea}");
    }

    private static FeeDetail Fee(string serial, int quantity, long unitFen) => new()
    {
        SerialNo = serial, ListCode = "XB01AAA" + serial, InstitutionListCode = "H-" + serial, Quantity = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        UnitPriceFen = unitFen, TotalFen = quantity * unitFen,
    };

    private static string Split(Amounts amounts) =>
        $"total={amounts.TotalFen} fund={amounts.FundFen} account={amounts.AccountFen} cash={amounts.CashFen}";

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);
}
