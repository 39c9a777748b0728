using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Service.Security;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Hospital;
using Grpc.Core;
using VisitStep = CardBridge.Settlement.Centre.VisitStep;

namespace CardBridge.Service.Api;

/// <summary>HospitalService: the gRPC face of <see cref="HospitalWorkflow"/>; credentials as SettlementService takes them.</summary>
internal sealed class HospitalApi(HospitalWorkflow hospital, SettlementSubjects subjects, TimeProvider time) : HospitalService.HospitalServiceBase
{
    private const int MaxText = 64;

    public override async Task<VisitResponse> RegisterOutpatient(RegisterOutpatientRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var visit = new OutpatientVisit(request.OutpatientNo)
        {
            InsuranceType = RequestFields.OptionalText(request.InsuranceType, 8, "insurance_type") ?? "310",
            Context = VisitMapper.ContextFrom(request.Context),
        };
        var subject = subjects.Of(request.Credential, context, out _);
        return VisitMapper.ResponseOf(await hospital.RegisterAsync(ClientOf(context), request.IdempotencyKey, subject, visit, context.CancellationToken));
    }

    public override async Task<VisitResponse> Admit(AdmitRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var stay = new InpatientStay(request.InpatientNo, VisitMapper.DiagnosisFrom(request.Diagnosis))
        {
            InsuranceType = RequestFields.OptionalText(request.InsuranceType, 8, "insurance_type") ?? "310",
            MedicalType = RequestFields.OptionalText(request.MedicalType, 8, "medical_type") ?? "21",
            Bed = RequestFields.OptionalText(request.Bed, MaxText, "bed"),
            Context = VisitMapper.ContextFrom(request.Context),
        };
        var subject = subjects.Of(request.Credential, context, out _);
        return VisitMapper.ResponseOf(await hospital.AdmitAsync(ClientOf(context), request.IdempotencyKey, subject, stay, context.CancellationToken));
    }

    public override async Task<UploadFeesResponse> UploadFeeBatch(UploadFeeBatchRequest request, ServerCallContext context)
    {
        var upload = new FeeUploadRun(hospital, subjects, time, request, context);
        await upload.SendAsync(request.IdempotencyKey, request.Items);
        return upload.Response;
    }

    public override async Task<UploadFeesResponse> UploadFees(IAsyncStreamReader<UploadFeeBatchRequest> requestStream, ServerCallContext context)
    {
        FeeUploadRun? upload = null;
        var pending = new List<FeeDetail>(HospitalWorkflow.MaxFeeBatch);
        var batch = 0;
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            upload ??= new FeeUploadRun(hospital, subjects, time, message, context);
            foreach (var item in message.Items)
            {
                pending.Add(item);
                if (pending.Count == HospitalWorkflow.MaxFeeBatch)
                {
                    await upload.SendAsync(StreamKey(upload.Key, ++batch), pending);
                    pending.Clear();
                }
            }
        }
        if (upload is null)
        {
            throw RpcErrors.InvalidRequest("items", "the stream held no message");
        }
        if (pending.Count > 0 || batch == 0)
        {
            await upload.SendAsync(StreamKey(upload.Key, ++batch), pending);
        }
        return upload.Response;
    }

    public override async Task<VisitResponse> Discharge(DischargeRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var discharge = new StayDischarge(request.VisitId, VisitMapper.DiagnosisFrom(request.Diagnosis))
        {
            InsuranceType = RequestFields.OptionalText(request.InsuranceType, 8, "insurance_type") ?? "310",
            DischargeWay = RequestFields.OptionalText(request.DischargeWay, 8, "discharge_way") ?? "1",
            Context = VisitMapper.ContextFrom(request.Context),
        };
        var subject = subjects.Of(request.Credential, context, out _);
        return VisitMapper.ResponseOf(await hospital.DischargeAsync(ClientOf(context), request.IdempotencyKey, subject, discharge, context.CancellationToken));
    }

    public override async Task<VisitResponse> CancelVisitStep(CancelVisitStepRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var step = request.Step switch
        {
            CardBridge.Api.V1.VisitStep.Registration => VisitStep.Registration,
            CardBridge.Api.V1.VisitStep.Admission => VisitStep.Admission,
            CardBridge.Api.V1.VisitStep.Discharge => VisitStep.Discharge,
            _ => throw RpcErrors.InvalidRequest("step", "registration, admission or discharge"),
        };
        var visitContext = VisitMapper.ContextFrom(request.Context);
        var subject = subjects.Of(request.Credential, context, out _);
        return VisitMapper.ResponseOf(await hospital.CancelStepAsync(
            ClientOf(context), request.IdempotencyKey, subject, step, request.VisitId, visitContext, context.CancellationToken));
    }

    public override async Task<VisitResponse> CancelFees(CancelFeesRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var scenario = VisitMapper.VisitScenarioFrom(request.Scenario);
        var visitContext = VisitMapper.ContextFrom(request.Context);
        var subject = subjects.Of(request.Credential, context, out _);
        return VisitMapper.ResponseOf(await hospital.CancelFeesAsync(
            ClientOf(context), request.IdempotencyKey, subject, scenario, request.VisitId, visitContext, context.CancellationToken));
    }

    private static string ClientOf(ServerCallContext context) => AccessInterceptor.CallerOf(context).ClientId;

    // Batch n of a streamed list goes under "key/n": the same stream sent again after a crash repeats the same keys.
    private static string StreamKey(string key, int batch) => string.Create(CultureInfo.InvariantCulture, $"{key}/{batch}");

    /// <summary>One upload call: the fields of its first message, the batches sent so far, the answer.</summary>
    private sealed class FeeUploadRun
    {
        private readonly HospitalWorkflow _hospital;
        private readonly TimeProvider _time;
        private readonly ServerCallContext _context;
        private readonly Settlement.Workflow.SettlementSubject _subject;
        private readonly FeeBatch _template;

        public FeeUploadRun(
            HospitalWorkflow hospital, SettlementSubjects subjects, TimeProvider time, UploadFeeBatchRequest first, ServerCallContext context)
        {
            RequestFields.RequirePurpose(first.Purpose);
            _hospital = hospital;
            _time = time;
            _context = context;
            Key = first.IdempotencyKey;
            _template = new FeeBatch(VisitMapper.VisitScenarioFrom(first.Scenario), first.VisitId, [])
            {
                MedicalType = RequestFields.OptionalText(first.MedicalType, 8, "medical_type"),
                InsuranceType = RequestFields.OptionalText(first.InsuranceType, 8, "insurance_type") ?? "310",
                Context = VisitMapper.ContextFrom(first.Context),
            };
            _subject = subjects.Of(first.Credential, context, out _);
            Response = new UploadFeesResponse { VisitId = first.VisitId };
        }

        public string Key { get; }

        public UploadFeesResponse Response { get; }

        public async Task SendAsync(string key, IReadOnlyList<FeeDetail> details)
        {
            var now = _time.GetUtcNow();
            var batch = _template with { Items = [.. details.Select(d => VisitMapper.FeeFrom(d, now))] };
            var outcome = await _hospital.UploadFeesAsync(ClientOf(_context), key, _subject, batch, _context.CancellationToken);
            if (outcome.Replayed)
            {
                Response.BatchesReplayed++;
            }
            else
            {
                Response.BatchesSent++;
            }
            Response.InsuredArea = outcome.InsuredArea;
            Response.Results.AddRange(outcome.Fees.Select(VisitMapper.ResultOf));
        }
    }
}
