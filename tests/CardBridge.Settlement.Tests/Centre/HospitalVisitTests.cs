using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Centre;
using static CardBridge.Settlement.Tests.Centre.CentreTestBed;

namespace CardBridge.Settlement.Tests.Centre;

/// <summary>Hospital visits through the adapter against the simulated centre: each call names the person's own insured area.</summary>
[Trait("Category", "Integration")]
public sealed class HospitalVisitTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 1, 30, 0, TimeSpan.Zero);
    private static readonly Diagnosis Pneumonia = new("J18.900", "肺炎");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task An_outpatient_visit_registers_uploads_its_fees_and_settles_under_its_visit_id()
    {
        await using var bed = Start();
        var area = await InsuredAreaAsync(bed, CertificateType.SocialSecurityCard, Card);

        var visit = await bed.Adapter.RegisterOutpatientAsync(
            new OutpatientRegistration(Person, CertificateType.SocialSecurityCard, Card, "310", "MZ0001", At) { InsuredArea = area }, Ct);
        var fees = await bed.Adapter.UploadFeesAsync(
            new FeeUpload(SettlementScenario.Outpatient, Person, visit.VisitId, "11", [Item("F1", 2m, 1500), Item("F2", 1m, 2000)])
            {
                InsuredArea = area,
                ChargeBatchNo = "B1",
            }, Ct);
        var bill = Bill(5000) with { VisitId = visit.VisitId, InsuredArea = area };
        var quote = await bed.Adapter.PreSettleAsync(SettlementScenario.Outpatient, bill, Ct);
        var receipt = await bed.Adapter.SettleAsync(SettlementScenario.Outpatient, bill, Ct);

        Assert.Equal(["F1", "F2"], fees.Items.Select(i => i.SerialNo));
        Assert.Equal(quote.Amounts, receipt.Amounts);
        Assert.Equal(3000, receipt.Breakdown.PooledFundFen);
        Assert.Equal(2000, receipt.Amounts.AccountFen);
        Assert.Equal(receipt.SettlementId, bed.Centre.Visit(visit.VisitId)!.SettlementId);
        Assert.Equal(["2201", "2204", "2207"], bed.Centre.Transactions().Select(t => t.InfNo));
        Assert.All(bed.Centre.Transactions(), t => Assert.Equal(CentrePerson.LocalArea, t.InsuredArea));
    }

    [Fact]
    public async Task A_cross_region_stay_is_admitted_billed_in_batches_settled_by_its_own_area_and_discharged()
    {
        await using var bed = Start();
        var person = CentrePerson.CrossRegion;
        var area = await InsuredAreaAsync(bed, CertificateType.IdCard, person.IdNumber);

        var stay = await bed.Adapter.AdmitAsync(
            new InpatientAdmission(person.PersonNo, CertificateType.IdCard, person.IdNumber, "310", "ZY0001", At, Pneumonia) { InsuredArea = area }, Ct);
        foreach (var batch in new[] { "A", "B", "C" })
        {
            await bed.Adapter.UploadFeesAsync(
                new FeeUpload(SettlementScenario.Inpatient, person.PersonNo, stay.VisitId, "21", [Item(batch + "1", 4m, 10_000)]) { InsuredArea = area }, Ct);
        }
        var bill = new SettlementRequest(person.PersonNo, CertificateType.IdCard, person.IdNumber, 120_000)
        {
            VisitId = stay.VisitId,
            MedicalType = "21",
            InsuredArea = area,
        };
        var receipt = await bed.Adapter.SettleAsync(SettlementScenario.Inpatient, bill, Ct);
        await bed.Adapter.DischargeAsync(new InpatientDischarge(person.PersonNo, stay.VisitId, "310", At.AddDays(5), Pneumonia) { InsuredArea = area }, Ct);

        Assert.Equal(CentrePerson.CrossRegionArea, area);
        // The cross-region area's rules: 500.00 deductible, then 80 % from the pooled fund.
        Assert.Equal(50_000, receipt.Breakdown.DeductibleFen);
        Assert.Equal(56_000, receipt.Breakdown.PooledFundFen);
        Assert.Equal(new Journal.PaymentSplit(120_000, AccountFen: 20_000, PooledFen: 56_000, SelfPayFen: 44_000), receipt.Amounts);
        Assert.Equal("discharged", bed.Centre.Visit(stay.VisitId)!.State);
        Assert.Equal(["2401", "2301", "2301", "2301", "2304", "2402"], bed.Centre.Transactions().Select(t => t.InfNo));
        Assert.All(bed.Centre.Transactions(), t => Assert.Equal(CentrePerson.CrossRegionArea, t.InsuredArea));
    }

    [Fact]
    public async Task A_call_that_names_another_insured_area_than_the_persons_is_refused()
    {
        await using var bed = Start();
        var person = CentrePerson.CrossRegion;

        var refused = await Assert.ThrowsAsync<CentreRejectedException>(() => bed.Adapter.AdmitAsync(
            new InpatientAdmission(person.PersonNo, CertificateType.IdCard, person.IdNumber, "310", "ZY0002", At, Pneumonia)
            {
                InsuredArea = CentrePerson.LocalArea,
            }, Ct));

        Assert.Contains(CentrePerson.CrossRegionArea, refused.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Centre.Transactions());
    }

    [Fact]
    public async Task A_fee_batch_whose_answer_is_lost_is_reversed_and_can_be_sent_again()
    {
        await using var bed = Start();
        var stay = await bed.Adapter.AdmitAsync(
            new InpatientAdmission(Person, CertificateType.SocialSecurityCard, Card, "310", "ZY0003", At, Pneumonia), Ct);
        var upload = new FeeUpload(SettlementScenario.Inpatient, Person, stay.VisitId, "21", [Item("S1", 1m, 800)]);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2301"));

        await Assert.ThrowsAsync<SettleReversedException>(() => bed.Adapter.UploadFeesAsync(upload, Ct));
        Assert.Empty(bed.Centre.Visit(stay.VisitId)!.FeeSerials);
        await bed.Adapter.UploadFeesAsync(upload, Ct);

        Assert.Equal(["S1"], bed.Centre.Visit(stay.VisitId)!.FeeSerials);
        Assert.Equal([false, true, false], bed.Centre.Transactions().Select(t => t.Reversed));
    }

    [Fact]
    public async Task A_serial_number_is_taken_once_per_visit()
    {
        await using var bed = Start();
        var visit = await bed.Adapter.RegisterOutpatientAsync(
            new OutpatientRegistration(Person, CertificateType.SocialSecurityCard, Card, "310", "MZ0002", At), Ct);
        var upload = new FeeUpload(SettlementScenario.Outpatient, Person, visit.VisitId, "11", [Item("D1", 1m, 100)]) { ChargeBatchNo = "B1" };
        await bed.Adapter.UploadFeesAsync(upload, Ct);

        await Assert.ThrowsAsync<CentreRejectedException>(() => bed.Adapter.UploadFeesAsync(upload, Ct));

        Assert.Equal(100, bed.Centre.Visit(visit.VisitId)!.FeeTotalFen);
    }

    [Fact]
    public async Task Above_the_areas_ceiling_the_pooled_fund_stops_and_the_large_expense_fund_pays_its_share()
    {
        await using var bed = Start();
        var person = CentrePerson.CrossRegion;
        SettlementRequest Bill(long fen) =>
            new(person.PersonNo, CertificateType.IdCard, person.IdNumber, fen) { InsuredArea = CentrePerson.CrossRegionArea, UseAccount = false };

        var first = await bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(300_000), Ct);
        var second = await bed.Adapter.SettleAsync(SettlementScenario.Outpatient, Bill(100_000), Ct);

        // 440300: 500.00 deductible, 80 % above it, 2000.00 ceiling a year, then half of the rest from the large-expense fund.
        Assert.Equal((200_000, 0L), (first.Breakdown.PooledFundFen, first.Breakdown.LargeExpenseFen));
        Assert.Equal((0L, 20_000L), (second.Breakdown.PooledFundFen, second.Breakdown.LargeExpenseFen));
        Assert.Equal(new Journal.PaymentSplit(100_000, AccountFen: 0, PooledFen: 20_000, SelfPayFen: 80_000), second.Amounts);
    }

    private static FeeItem Item(string serial, decimal quantity, long unitPriceFen) =>
        new(serial, "XB01AAA", "H-" + serial, quantity, unitPriceFen, (long)(quantity * unitPriceFen), At);

    private async Task<string> InsuredAreaAsync(CentreTestBed bed, CertificateType type, string number)
    {
        var person = await bed.Adapter.GetPersonInfoAsync(new PersonQuery(type, number), Ct);
        return Assert.Single(person.Insurances).InsuredArea!;
    }
}
