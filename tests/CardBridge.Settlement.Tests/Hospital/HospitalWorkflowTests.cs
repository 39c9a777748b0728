using CardBridge.Journal;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Hospital;
using CardBridge.Settlement.Tests.Workflow;
using CardBridge.Settlement.Workflow;
using CardBridge.Simulation.Centre;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Settlement.Tests.Hospital;

[Trait("Category", "Integration")]
public sealed class HospitalWorkflowTests : IDisposable
{
    private const string Client = WorkflowTestBed.Client;
    private static readonly Diagnosis Pneumonia = new("J18.900", "肺炎");
    private static readonly CentrePerson Traveller = CentrePerson.CrossRegion;
    private static readonly SettlementSubject CrossRegion = new(
        CertificateType.IdCard, Traveller.IdNumber, "holder-cross-region", new PersonalFields(null, Traveller.IdNumber, Traveller.Name));

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task A_cross_region_stay_goes_under_the_persons_own_area_from_admission_to_discharge_and_the_journal_keeps_each_call()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        var hospital = Hospital(bed);

        var person = await hospital.GetInsuredPersonAsync(CrossRegion, new CentreOperator("K01", "自助机"), Ct);
        var stay = await hospital.AdmitAsync(Client, "adm-1", CrossRegion, new InpatientStay("ZY0001", Pneumonia), Ct);
        foreach (var n in new[] { 1, 2, 3 })
        {
            await hospital.UploadFeesAsync(Client, $"fees-{n}", CrossRegion, Batch(stay.VisitId, $"S{n}", 40_000), Ct);
        }
        var bill = new SettlementBill(SettlementScenario.Inpatient, 120_000, ReadOnlyMemory<byte>.Empty) { VisitId = stay.VisitId, MedicalType = "21" };
        var settled = await bed.Workflow.SettleAsync(Client, "setl-1", CrossRegion, bill, null, Ct);
        await hospital.DischargeAsync(Client, "dscg-1", CrossRegion, new StayDischarge(stay.VisitId, Pneumonia), Ct);

        Assert.Equal(CentrePerson.CrossRegionArea, Assert.Single(person.Insurances).InsuredArea);
        Assert.Equal(CentrePerson.CrossRegionArea, stay.InsuredArea);
        Assert.False(settled.Offline);
        Assert.Equal(["2401", "2301", "2301", "2301", "2304", "2402"], bed.Centre.Centre.Transactions().Select(t => t.InfNo));
        Assert.All(bed.Centre.Centre.Transactions(), t => Assert.Equal(CentrePerson.CrossRegionArea, t.InsuredArea));
        var admission = await bed.Journal.Calls.FindAsync(Client, "adm-1", Ct);
        Assert.Equal(("2401", CentrePerson.CrossRegionArea, stay.VisitId, true), (admission!.InfNo, admission.InsuredArea, admission.VisitId, admission.Completed));
        var settle = await bed.Journal.Calls.FindAsync(Client, "setl-1", Ct);
        Assert.Equal(CentrePerson.CrossRegionArea, settle!.InsuredArea);
        Assert.Equal(50_000, settle.Breakdown!.Value.DeductibleFen);
    }

    [Fact]
    public async Task A_batch_sent_again_with_its_key_is_answered_from_the_journal_and_reaches_the_centre_once()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        var hospital = Hospital(bed);
        var stay = await hospital.AdmitAsync(Client, "adm-1", CrossRegion, new InpatientStay("ZY0002", Pneumonia), Ct);

        var first = await hospital.UploadFeesAsync(Client, "fees-1", CrossRegion, Batch(stay.VisitId, "S1", 500), Ct);
        // A restarted service: a new workflow over the same journal.
        var again = await Hospital(bed).UploadFeesAsync(Client, "fees-1", CrossRegion, Batch(stay.VisitId, "S1", 500), Ct);

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.MsgId, again.MsgId);
        Assert.Equal(1, bed.Centre.Centre.RequestCount("2301"));
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(
            () => hospital.UploadFeesAsync(Client, "fees-1", CrossRegion, Batch(stay.VisitId, "S1", 600), Ct));
    }

    [Fact]
    public async Task A_batch_whose_answer_was_lost_is_reversed_and_its_key_sends_it_again_once()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        var hospital = Hospital(bed);
        var stay = await hospital.AdmitAsync(Client, "adm-1", CrossRegion, new InpatientStay("ZY0003", Pneumonia), Ct);
        bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "2301"));

        await Assert.ThrowsAsync<SettleReversedException>(
            () => hospital.UploadFeesAsync(Client, "fees-1", CrossRegion, Batch(stay.VisitId, "S1", 500), Ct));
        var retried = await hospital.UploadFeesAsync(Client, "fees-1", CrossRegion, Batch(stay.VisitId, "S1", 500), Ct);

        Assert.False(retried.Replayed);
        Assert.Equal(["S1"], bed.Centre.Centre.Visit(stay.VisitId)!.FeeSerials);
        Assert.Single(bed.Centre.Centre.Transactions(), t => t.InfNo == "2301" && !t.Reversed);
    }

    [Fact]
    public async Task A_refused_call_frees_its_key_and_an_oversized_batch_is_refused_before_anything_is_sent()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        var hospital = Hospital(bed);
        var many = Enumerable.Range(0, HospitalWorkflow.MaxFeeBatch + 1)
            .Select(i => new FeeItem($"S{i}", "XB01", "H", 1m, 100, 100, DateTimeOffset.UnixEpoch)).ToList();

        await Assert.ThrowsAsync<CentreRejectedException>(
            () => hospital.DischargeAsync(Client, "dscg-1", CrossRegion, new StayDischarge("NO-SUCH-STAY", Pneumonia), Ct));
        var invalid = await Assert.ThrowsAsync<InvalidSettlementRequestException>(
            () => hospital.UploadFeesAsync(Client, "fees-1", CrossRegion, new FeeBatch(SettlementScenario.Inpatient, "V", many), Ct));

        Assert.Equal(SettlementRequestField.FeeItems, invalid.Field);
        Assert.Null(await bed.Journal.Calls.FindAsync(Client, "dscg-1", Ct));
        Assert.Equal(0, bed.Centre.Centre.RequestCount("2301"));
    }

    [Fact]
    public async Task An_outpatient_registration_is_cancelled_once_its_fees_are()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        var hospital = Hospital(bed);
        var visit = await hospital.RegisterAsync(Client, "reg-1", WorkflowTestBed.Holder, new OutpatientVisit("MZ0001"), Ct);
        await hospital.UploadFeesAsync(
            Client, "fees-1", WorkflowTestBed.Holder,
            new FeeBatch(SettlementScenario.Outpatient, visit.VisitId, [new FeeItem("F1", "XB01", "H", 1m, 100, 100, DateTimeOffset.UnixEpoch)]), Ct);

        await Assert.ThrowsAsync<CentreRejectedException>(() => hospital.CancelStepAsync(
            Client, "cancel-1", WorkflowTestBed.Holder, VisitStep.Registration, visit.VisitId, VisitContext.Default, Ct));
        await hospital.CancelFeesAsync(Client, "cancel-fees-1", WorkflowTestBed.Holder, SettlementScenario.Outpatient, visit.VisitId, VisitContext.Default, Ct);
        await hospital.CancelStepAsync(Client, "cancel-1", WorkflowTestBed.Holder, VisitStep.Registration, visit.VisitId, VisitContext.Default, Ct);

        Assert.Equal("cancelled", bed.Centre.Centre.Visit(visit.VisitId)!.State);
        Assert.Equal(CentrePerson.LocalArea, visit.InsuredArea);
    }

    [Fact]
    public async Task A_cross_region_discharge_settlement_is_cancelled_under_the_persons_own_area()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        var hospital = Hospital(bed);
        var stay = await hospital.AdmitAsync(Client, "adm-1", CrossRegion, new InpatientStay("ZY0005", Pneumonia), Ct);
        await hospital.UploadFeesAsync(Client, "fees-1", CrossRegion, Batch(stay.VisitId, "S1", 70_000), Ct);
        var bill = new SettlementBill(SettlementScenario.Inpatient, 70_000, ReadOnlyMemory<byte>.Empty) { VisitId = stay.VisitId };
        var settled = await bed.Workflow.SettleAsync(Client, "setl-1", CrossRegion, bill, null, Ct);

        var reversed = await bed.Workflow.ReverseAsync(Client, "rev-1", "setl-1", Ct);

        Assert.Equal(settled.SettlementId, reversed.SettlementId);
        Assert.False(bed.Centre.Centre.IsSettlementActive(settled.SettlementId!));
        var cancel = bed.Centre.Centre.Transactions().Single(t => t.InfNo == "2305");
        Assert.Equal((CentrePerson.CrossRegionArea, stay.VisitId), (cancel.InsuredArea, cancel.VisitId));
    }

    [Fact]
    public async Task The_operator_of_a_call_is_its_own_and_the_terminals_when_it_names_none()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        var hospital = Hospital(bed);
        var kiosk = new VisitContext { Operator = new CentreOperator("KIOSK01", "自助机一号") };

        var stay = await hospital.AdmitAsync(Client, "adm-1", CrossRegion, new InpatientStay("ZY0006", Pneumonia) { Context = kiosk }, Ct);
        await hospital.UploadFeesAsync(Client, "fees-1", CrossRegion, Batch(stay.VisitId, "S1", 500), Ct);

        Assert.Equal(["KIOSK01", "SIMOP01"], bed.Centre.Centre.Transactions().Select(t => t.Operator));
    }

    [Fact]
    public async Task An_inpatient_bill_never_settles_offline_even_with_the_card()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        bed.Centre.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        var bill = new SettlementBill(SettlementScenario.Inpatient, 1_000, ReadOnlyMemory<byte>.Empty) { VisitId = "V1" };

        var refused = await Assert.ThrowsAsync<OfflineLimitExceededException>(
            () => bed.Workflow.SettleAsync(Client, "setl-1", WorkflowTestBed.Holder, bill, bed.Card, Ct));

        Assert.Equal(OfflineLimit.Scenario, refused.Limit);
        Assert.Empty(bed.Card.Written);
    }

    [Fact]
    public async Task A_visit_call_a_dead_process_left_unanswered_is_reversed_by_its_message_id_at_start_up()
    {
        await using var bed = await WorkflowTestBed.StartAsync();
        var hospital = Hospital(bed);
        var stay = await hospital.AdmitAsync(Client, "adm-1", CrossRegion, new InpatientStay("ZY0004", Pneumonia), Ct);
        // What a process killed after sending batch 1 leaves: the call stored with its message id, the centre holding the batch.
        var msgId = bed.Centre.Adapter.NextMessageId();
        var left = new Journal.Calls.SettlementCall(Client, "fees-1", Journal.Calls.SettlementCall.Visit, [1], false, 0, "holder", 3, 0, Guid.NewGuid())
        {
            InfNo = "2301",
            InsuredArea = CentrePerson.CrossRegionArea,
        };
        await bed.Journal.Calls.BeginAsync(left, Ct);
        await bed.Journal.Calls.SetMessageAsync(left, msgId, Traveller.PersonNo, Ct);
        await bed.Centre.Adapter.UploadFeesAsync(
            new FeeUpload(SettlementScenario.Inpatient, Traveller.PersonNo, stay.VisitId, "21", Batch(stay.VisitId, "S1", 500).Items)
            {
                InsuredArea = CentrePerson.CrossRegionArea,
                MsgId = msgId,
            }, Ct);

        bed.Restart();
        await bed.Workflow.RecoverAsync(Ct);

        Assert.Empty(bed.Centre.Centre.Visit(stay.VisitId)!.FeeSerials);
        Assert.True(bed.Centre.Centre.Transactions().Single(t => t.MsgId == msgId).Reversed);
        Assert.Null(await bed.Journal.Calls.FindAsync(Client, "fees-1", Ct));
    }

    private static FeeBatch Batch(string visitId, string serial, long fen) =>
        new(SettlementScenario.Inpatient, visitId, [new FeeItem(serial, "XB01AAA", "H-" + serial, 1m, fen, fen, DateTimeOffset.UnixEpoch)]);

    private static HospitalWorkflow Hospital(WorkflowTestBed bed) =>
        new(bed.Centre.Adapter, bed.Journal, bed.Time, Guid.NewGuid, NullLogger<HospitalWorkflow>.Instance);
}
