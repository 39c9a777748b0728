using CardBridge.Api.V1;
using CardBridge.Service.Tests.Journal;
using CardBridge.Simulation.Centre;
using Google.Protobuf;
using Grpc.Core;

namespace CardBridge.Service.Tests.Settlement;

/// <summary>HospitalService over a real gRPC channel: the service in simulator mode with its simulated centre.</summary>
public sealed class HospitalOverGrpcTests
{
    private static readonly SettlementCredential Traveller = new()
    {
        IdDocument = new IdDocument { Number = CentrePerson.CrossRegion.IdNumber, Name = CentrePerson.CrossRegion.Name },
    };

    private static CallOptions Teller => JournalRig.Teller.Options;

    [Fact]
    public async Task A_streamed_fee_list_goes_in_batches_of_a_hundred_and_the_same_stream_again_sends_none()
    {
        await using var rig = await JournalRig.StartAsync(null, [("Centre:MaxRetries", "0")]);
        var hospital = new HospitalService.HospitalServiceClient(rig.Rig.Channel);
        var stay = await hospital.AdmitAsync(new AdmitRequest
        {
            IdempotencyKey = "adm-1",
            Credential = Traveller,
            InpatientNo = "ZY-1",
            Diagnosis = new Diagnosis { Code = "J18.900", Name = "肺炎" },
        }, Teller);

        var first = await StreamAsync(hospital, stay.VisitId, 250);
        var again = await StreamAsync(hospital, stay.VisitId, 250);

        Assert.Equal((3, 0, 250, CentrePerson.CrossRegionArea), (first.BatchesSent, first.BatchesReplayed, first.Results.Count, first.InsuredArea));
        Assert.Equal((0, 3), (again.BatchesSent, again.BatchesReplayed));
        Assert.Equal(250, rig.Centre.Visit(stay.VisitId)!.FeeSerials.Count);
        Assert.Equal(3, rig.Centre.RequestCount("2301"));
    }

    [Fact]
    public async Task An_admission_under_a_person_the_centre_does_not_know_is_refused_with_the_centres_reason()
    {
        await using var rig = await JournalRig.StartAsync(null, [("Centre:MaxRetries", "0")]);
        var hospital = new HospitalService.HospitalServiceClient(rig.Rig.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => hospital.AdmitAsync(new AdmitRequest
        {
            IdempotencyKey = "adm-1",
            Credential = new SettlementCredential { IdDocument = new IdDocument { Number = "000000000000000000", Name = "无此人" } },
            InpatientNo = "ZY-2",
            Diagnosis = new Diagnosis { Code = "J18.900", Name = "肺炎" },
        }, Teller).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Empty(rig.Centre.Transactions());
    }

    [Fact]
    public async Task The_persons_record_gives_name_and_id_number_only_to_a_caller_with_identity_full()
    {
        await using var rig = await JournalRig.StartAsync(null, [("Centre:MaxRetries", "0")]);
        var settlement = new SettlementService.SettlementServiceClient(rig.Rig.Channel);
        var request = new GetInsuredPersonRequest { Credential = Traveller, Purpose = "admission" };

        var teller = await settlement.GetInsuredPersonAsync(request, Teller);
        var kiosk = await settlement.GetInsuredPersonAsync(request, JournalRig.Kiosk.Options);

        Assert.Equal((CentrePerson.CrossRegion.Name, CentrePerson.CrossRegion.IdNumber), (teller.Name, teller.CertificateNumber));
        Assert.Equal(("", ""), (kiosk.Name, kiosk.CertificateNumber));
        Assert.Equal(CentrePerson.CrossRegion.PersonNo, kiosk.PersonNo);
        Assert.Equal(CentrePerson.CrossRegionArea, Assert.Single(kiosk.Insurances).InsuredArea);
    }

    [Fact]
    public async Task A_streamed_message_that_does_not_parse_after_a_good_first_ends_the_upload_INVALID_REQUEST()
    {
        await using var rig = await JournalRig.StartAsync(null, [("Centre:MaxRetries", "0")]);
        var raw = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var method = new Method<byte[], byte[]>(MethodType.ClientStreaming, "cardbridge.v1.HospitalService", "UploadFees", raw, raw);
        var first = new UploadFeeBatchRequest { IdempotencyKey = "ward-fees", Credential = Traveller, VisitId = "V-1", Scenario = SettlementScenario.Inpatient };

        using var call = rig.Rig.Channel.CreateCallInvoker().AsyncClientStreamingCall(method, null, Teller);
        await call.RequestStream.WriteAsync(first.ToByteArray());
        await call.RequestStream.WriteAsync([0x0F]);
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var info = error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>();
        Assert.Equal(("INVALID_REQUEST", "*"), (info?.Reason, info?.Metadata["field"]));
        Assert.Equal(0, rig.Centre.RequestCount("2301"));
    }

    [Fact]
    public async Task A_full_fee_batch_with_every_field_at_its_longest_fits_the_request_limit()
    {
        await using var rig = await JournalRig.StartAsync(null, [("Centre:MaxRetries", "0")]);
        var hospital = new HospitalService.HospitalServiceClient(rig.Rig.Channel);
        var stay = await hospital.AdmitAsync(new AdmitRequest
        {
            IdempotencyKey = "adm-long",
            Credential = Traveller,
            InpatientNo = "ZY-2",
            Diagnosis = new Diagnosis { Code = "J18.900", Name = "肺炎" },
        }, Teller);
        var batch = new UploadFeeBatchRequest
        {
            IdempotencyKey = new string('k', 64),
            Credential = Traveller,
            VisitId = stay.VisitId,
            Scenario = SettlementScenario.Inpatient,
            Purpose = new string('p', 128),
        };
        batch.Items.AddRange(Enumerable.Range(0, 100).Select(i => new FeeDetail
        {
            SerialNo = $"F{i:D29}",
            ListCode = new string('L', 64),
            InstitutionListCode = new string('H', 64),
            OrderNo = new string('O', 64),
            Quantity = "1",
            UnitPriceFen = 999_999_999,
            TotalFen = 999_999_999,
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddYears(56).AddTicks(1234567)),
        }));
        Assert.InRange(batch.CalculateSize(), 20 * 1024, new Service.Configuration.LimitsOptions().MaxRequestBytes);

        var sent = await hospital.UploadFeeBatchAsync(batch, Teller);

        Assert.Equal(100, sent.Results.Count);
    }

    // The list in messages of 50 details (each message within the service's request size), as a HIS streams a long stay.
    private static async Task<UploadFeesResponse> StreamAsync(HospitalService.HospitalServiceClient hospital, string visitId, int count)
    {
        using var call = hospital.UploadFees(Teller);
        for (var start = 0; start < count; start += 50)
        {
            var message = new UploadFeeBatchRequest
            {
                IdempotencyKey = "ward-fees",
                Credential = Traveller,
                VisitId = visitId,
                Scenario = SettlementScenario.Inpatient,
            };
            message.Items.AddRange(Enumerable.Range(start, Math.Min(50, count - start)).Select(i => new FeeDetail
            {
                SerialNo = $"F{i:D4}",
                ListCode = "XB01AAA",
                InstitutionListCode = "H-1",
                Quantity = "1",
                UnitPriceFen = 100,
                TotalFen = 100,
            }));
            await call.RequestStream.WriteAsync(message);
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
