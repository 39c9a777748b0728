using System.Globalization;
using CardBridge.Journal;
using CardBridge.Journal.Calls;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Workflow;
using Microsoft.Extensions.Logging;

namespace CardBridge.Settlement.Hospital;

/// <summary>
/// Hospital visits at the centre (issue 18): the person's record (1101), outpatient registration (2201), inpatient
/// admission (2401), fee batches (2204 / 2301), discharge (2402) and their cancellations (2202, 2404, 2405, 2205,
/// 2302). The settlement of a visit is <see cref="SettlementWorkflow"/>'s, with the visit id on the bill.
/// <para>
/// Every call is looked up first (1101) and goes under the person's own insured area from that answer, never a
/// terminal-wide one, with the operator and department of the call. Every state-changing call carries the caller's
/// idempotency key and is kept in the journal as settles are: stored before anything is sent, its message id and
/// insured area stored before it is sent, its outcome stored even when the caller has gone. A repeated key gets the
/// first answer; a call whose answer was lost is reversed (2601) by its message id — at once by the adapter, or
/// before the key is used again, or at start-up (<see cref="SettlementWorkflow.RecoverAsync"/>) — so each change
/// stands at the centre at most once. A fee list is sent in batches of at most <see cref="MaxFeeBatch"/>, one key
/// each: after a crash the HIS sends the same batches with the same keys and only the missing ones reach the centre.
/// </para>
/// </summary>
public sealed class HospitalWorkflow
{
    /// <summary>The most fee details one batch (one centre call) may hold.</summary>
    public const int MaxFeeBatch = 100;

    private readonly ISettlementCentre _centre;
    private readonly SettlementCalls _calls;
    private readonly TimeProvider _time;
    private readonly Func<Guid> _newId;
    private readonly IdempotencyKeys _keys;
    private readonly UnfinishedCalls _unfinished;

    /// <summary>Calls <paramref name="centre"/>, keeping each change in <paramref name="journal"/>.</summary>
    public HospitalWorkflow(ISettlementCentre centre, OfflineJournal journal, TimeProvider time, Func<Guid> newId, ILogger<HospitalWorkflow> logger)
    {
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(newId);
        ArgumentNullException.ThrowIfNull(logger);
        _centre = centre;
        _calls = journal.Calls;
        _time = time;
        _newId = newId;
        _keys = new IdempotencyKeys(_calls);
        _unfinished = new UnfinishedCalls(centre, journal, logger);
    }

    /// <summary>The person's record at the centre (1101): person number, insurances with their insured areas, status.</summary>
    /// <exception cref="CentreRejectedException">The centre knows no such person.</exception>
    /// <exception cref="CentreUnavailableException">The centre cannot be reached.</exception>
    public Task<PersonInfo> GetInsuredPersonAsync(SettlementSubject subject, CentreOperator? by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return _centre.GetPersonInfoAsync(CentreRequests.Query(subject) with { Operator = by }, cancellationToken);
    }

    /// <summary>Registers an outpatient visit (2201) once per idempotency key.</summary>
    public Task<VisitOutcome> RegisterAsync(string clientId, string key, SettlementSubject subject, OutpatientVisit visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        SettlementLimits.CheckVisitText(visit.OutpatientNo, SettlementRequestField.Visit);
        return RunAsync(
            new(clientId, key, subject, TransactionCode.OutpatientRegister, SettlementScenario.Outpatient, null, visit.InsuranceType, visit.Context,
                [visit.OutpatientNo, visit.InsuranceType]),
            async (person, call) =>
            {
                var registration = new OutpatientRegistration(
                    person.PersonNo, subject.CertificateType, subject.CertificateNumber, visit.InsuranceType, visit.OutpatientNo, _time.GetUtcNow())
                {
                    Care = visit.Context.Care,
                };
                return new Sent((await _centre.RegisterOutpatientAsync(Stamp(registration, call), cancellationToken)).VisitId);
            },
            cancellationToken);
    }

    /// <summary>Admits an inpatient (2401) once per idempotency key.</summary>
    public Task<VisitOutcome> AdmitAsync(string clientId, string key, SettlementSubject subject, InpatientStay stay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stay);
        SettlementLimits.CheckVisitText(stay.InpatientNo, SettlementRequestField.Visit);
        return RunAsync(
            new(clientId, key, subject, TransactionCode.Admission, SettlementScenario.Inpatient, null, stay.InsuranceType, stay.Context,
                [stay.InpatientNo, stay.InsuranceType, stay.MedicalType, stay.Diagnosis.Code]),
            async (person, call) =>
            {
                var admission = new InpatientAdmission(
                    person.PersonNo, subject.CertificateType, subject.CertificateNumber, stay.InsuranceType, stay.InpatientNo, _time.GetUtcNow(),
                    stay.Diagnosis)
                {
                    MedicalType = stay.MedicalType,
                    Bed = stay.Bed,
                    Care = stay.Context.Care,
                };
                return new Sent((await _centre.AdmitAsync(Stamp(admission, call), cancellationToken)).VisitId);
            },
            cancellationToken);
    }

    /// <summary>Uploads one batch of a visit's fee details (2204 / 2301) once per idempotency key.</summary>
    public Task<VisitOutcome> UploadFeesAsync(string clientId, string key, SettlementSubject subject, FeeBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        SettlementLimits.CheckVisitText(batch.VisitId, SettlementRequestField.Visit);
        if (batch.Items.Count is 0 or > MaxFeeBatch
            || batch.Items.Select(i => i.SerialNo).Distinct(StringComparer.Ordinal).Count() != batch.Items.Count
            || batch.Items.Any(i => string.IsNullOrWhiteSpace(i.SerialNo) || i.TotalFen < 0 || i.Quantity <= 0))
        {
            throw new InvalidSettlementRequestException(
                SettlementRequestField.FeeItems, $"1 to {MaxFeeBatch} details, each with its own serial number, a positive quantity and no negative total");
        }
        var medicalType = batch.MedicalType ?? (batch.Scenario == SettlementScenario.Inpatient ? "21" : "11");
        var parts = batch.Items.Select(i => string.Create(
            CultureInfo.InvariantCulture, $"{i.SerialNo}|{i.ListCode}|{i.InstitutionListCode}|{i.Quantity}|{i.UnitPriceFen}|{i.TotalFen}"));
        return RunAsync(
            new(clientId, key, subject, TransactionCode.FeeUpload(batch.Scenario), batch.Scenario, batch.VisitId, batch.InsuranceType, batch.Context,
                [batch.VisitId, medicalType, .. parts]),
            async (person, call) =>
            {
                var upload = new FeeUpload(batch.Scenario, person.PersonNo, batch.VisitId, medicalType, batch.Items)
                {
                    ChargeBatchNo = batch.ChargeBatchNo ?? batch.VisitId,
                    Care = batch.Context.Care,
                };
                var receipt = await _centre.UploadFeesAsync(Stamp(upload, call), cancellationToken);
                return new Sent(batch.VisitId, receipt.Items);
            },
            cancellationToken);
    }

    /// <summary>Discharges an inpatient (2402) once per idempotency key.</summary>
    public Task<VisitOutcome> DischargeAsync(string clientId, string key, SettlementSubject subject, StayDischarge discharge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(discharge);
        SettlementLimits.CheckVisitText(discharge.VisitId, SettlementRequestField.Visit);
        return RunAsync(
            new(clientId, key, subject, TransactionCode.Discharge, SettlementScenario.Inpatient, discharge.VisitId, discharge.InsuranceType,
                discharge.Context, [discharge.VisitId, discharge.Diagnosis.Code, discharge.DischargeWay]),
            async (person, call) =>
            {
                var request = new InpatientDischarge(person.PersonNo, discharge.VisitId, discharge.InsuranceType, _time.GetUtcNow(), discharge.Diagnosis)
                {
                    DischargeWay = discharge.DischargeWay,
                    Care = discharge.Context.Care,
                };
                await _centre.DischargeAsync(Stamp(request, call), cancellationToken);
                return new Sent(discharge.VisitId);
            },
            cancellationToken);
    }

    /// <summary>Cancels a registration (2202), an admission (2404) or a discharge (2405) once per idempotency key.</summary>
    public Task<VisitOutcome> CancelStepAsync(
        string clientId, string key, SettlementSubject subject, VisitStep step, string visitId, VisitContext context, CancellationToken cancellationToken)
    {
        SettlementLimits.CheckVisitText(visitId, SettlementRequestField.Visit);
        ArgumentNullException.ThrowIfNull(context);
        var scenario = step == VisitStep.Registration ? SettlementScenario.Outpatient : SettlementScenario.Inpatient;
        return RunAsync(
            new(clientId, key, subject, TransactionCode.Cancel(step), scenario, visitId, "310", context, [visitId]),
            async (person, call) =>
            {
                await _centre.CancelVisitStepAsync(Stamp(new VisitCancellation(step, person.PersonNo, visitId), call), cancellationToken);
                return new Sent(visitId);
            },
            cancellationToken);
    }

    /// <summary>Cancels every fee detail of a visit not settled yet (2205 / 2302) once per idempotency key.</summary>
    public Task<VisitOutcome> CancelFeesAsync(
        string clientId, string key, SettlementSubject subject, SettlementScenario scenario, string visitId, VisitContext context,
        CancellationToken cancellationToken)
    {
        SettlementLimits.CheckVisitText(visitId, SettlementRequestField.Visit);
        ArgumentNullException.ThrowIfNull(context);
        return RunAsync(
            new(clientId, key, subject, TransactionCode.FeeCancel(scenario), scenario, visitId, "310", context, [visitId]),
            async (person, call) =>
            {
                await _centre.CancelFeesAsync(Stamp(new FeeCancellation(scenario, person.PersonNo, visitId), call), cancellationToken);
                return new Sent(visitId);
            },
            cancellationToken);
    }

    private static T Stamp<T>(T request, Header header)
        where T : CentreCall => request with { InsuredArea = header.InsuredArea, MsgId = header.MsgId, Operator = header.Operator };

    private async Task<VisitOutcome> RunAsync(Plan plan, Func<PersonInfo, Header, Task<Sent>> send, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plan.ClientId);
        SettlementLimits.CheckKey(plan.Key, SettlementRequestField.IdempotencyKey);
        ArgumentNullException.ThrowIfNull(plan.Subject);
        ArgumentNullException.ThrowIfNull(plan.Context);
        using var running = _keys.Enter(plan.ClientId, plan.Key);
        var fresh = new SettlementCall(
            plan.ClientId, plan.Key, SettlementCall.Visit, RequestHash.OfVisit(plan.InfNo, plan.Subject, plan.Parts), false,
            _time.GetUtcNow().ToUnixTimeMilliseconds(), plan.Subject.HolderKey, (int)plan.Scenario, 0, _newId())
        {
            InfNo = plan.InfNo,
            VisitId = plan.VisitId,
        };
        var (call, existed) = await _keys.BeginAsync(fresh, cancellationToken);
        if (existed)
        {
            if (call.Completed)
            {
                return Outcome(call) with { Replayed = true };
            }
            // A call a crash or a lost answer left: undone at the centre by its message id, then sent anew.
            await _unfinished.ResolveAsync(call, cancellationToken);
            (call, _) = await _calls.BeginAsync(fresh, cancellationToken);
        }
        try
        {
            var person = await _centre.GetPersonInfoAsync(CentreRequests.Query(plan.Subject) with { Operator = plan.Context.Operator }, cancellationToken);
            var msgId = _centre.NextMessageId();
            call = call with { MsgId = msgId, PersonNo = person.PersonNo, InsuredArea = CentreRequests.InsuredArea(person, plan.InsuranceType) };
            await _calls.SetMessageAsync(call, msgId, person.PersonNo, cancellationToken);
            var sent = await send(person, new Header(call.InsuredArea, msgId, plan.Context.Operator));
            var completed = call with { Completed = true, VisitId = sent.VisitId, CompletedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() };
            // The centre has it: store the answer even if the caller has gone, so a retry with the key gets it.
            await _calls.CompleteAsync(completed, CancellationToken.None);
            return Outcome(completed) with { Fees = sent.Fees ?? [] };
        }
        catch (Exception e) when (e is CentreRejectedException or CentreUnavailableException or CentreProtocolException or SettleReversedException
            or OperationCanceledException)
        {
            // Nothing stands at the centre (never sent, refused, or reversed by the adapter): the key is free again.
            await _calls.ForgetAsync(call, CancellationToken.None);
            throw;
        }
    }

    private static VisitOutcome Outcome(SettlementCall call) => new(
        call.Key, call.VisitId ?? "", call.PersonNo ?? "", call.InsuredArea ?? "", call.MsgId ?? "",
        DateTimeOffset.FromUnixTimeMilliseconds(call.CompletedAtMs ?? call.CreatedAtMs));

    private sealed record Plan(
        string ClientId, string Key, SettlementSubject Subject, string InfNo, SettlementScenario Scenario, string? VisitId, string InsuranceType,
        VisitContext Context, IEnumerable<string> Parts);

    private sealed record Header(string? InsuredArea, string MsgId, CentreOperator? Operator);

    private sealed record Sent(string VisitId, IReadOnlyList<FeeItemResult>? Fees = null);
}
