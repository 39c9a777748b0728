using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Service.Tests.Journal;
using CardBridge.Service.Tests.Security;
using CardBridge.Service.Tests.Web;
using CardBridge.Simulation.Centre;
using CardBridge.Tests.Shared;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace CardBridge.Service.Tests.Api;

/// <summary>
/// A request message over <c>Limits:MaxRequestBytes</c> (64 KiB), in every shape a call can carry one — a unary or
/// server-streaming request, the first or a later message of a client stream — on native gRPC and gRPC-Web:
/// RESOURCE_EXHAUSTED with reason REQUEST_TOO_LARGE naming the limit, decided from the frame's length prefix before the
/// message is read, one audit line per call, at most one log line per caller, never a stack trace.
/// </summary>
public sealed class OversizeRequestTests
{
    private const int Limit = 64 * 1024;
    private const string ReadCard = "/cardbridge.v1.IdentityService/ReadCard";
    private const string WatchEvents = "/cardbridge.v1.ReaderService/WatchEvents";
    private const string UploadFees = "/cardbridge.v1.HospitalService/UploadFees";

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);
    private static readonly Method<byte[], byte[]> RawReadCard = new(MethodType.Unary, "cardbridge.v1.IdentityService", "ReadCard", Raw, Raw);
    private static readonly Method<byte[], byte[]> RawWatchEvents = new(MethodType.ServerStreaming, "cardbridge.v1.ReaderService", "WatchEvents", Raw, Raw);
    private static readonly Method<byte[], byte[]> RawUploadFees = new(MethodType.ClientStreaming, "cardbridge.v1.HospitalService", "UploadFees", Raw, Raw);

    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(20));

    [Fact]
    public void The_limit_these_tests_prove_is_the_default()
    {
        Assert.Equal(Limit, new Service.Configuration.LimitsOptions().MaxRequestBytes);
        Assert.Equal(Limit, Message(Limit).Length);
        Assert.Equal(Limit + 1, ReadCardRequest.Parser.ParseFrom(Message(Limit + 1)).CalculateSize());
    }

    // gRPC-Web text is base64 on the wire: the limit is on the message it decodes to.
    [Theory]
    [InlineData(null)]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task A_unary_request_over_the_limit_is_REQUEST_TOO_LARGE_audited_once_and_one_at_the_limit_is_served(GrpcWebMode? grpcWeb)
    {
        await using var web = await WebRig.StartAsync();
        await web.Rig.InitialSessionAsync();
        using var channel = ChannelOf(web, grpcWeb);
        var invoker = channel.CreateCallInvoker();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(RawReadCard, null, Local, Message(Limit + 1)));
        var answer = ReadCardResponse.Parser.ParseFrom(await invoker.AsyncUnaryCall(RawReadCard, null, Local, Message(Limit)));

        AssertTooLarge(error);
        Assert.Equal("测试甲", answer.Identity.Holder.Name);
        Assert.Equal(1, TooLargeAudited(web.Rig.Directory, ReadCard));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(GrpcWebMode.GrpcWeb)]
    public async Task A_server_stream_request_over_the_limit_is_REQUEST_TOO_LARGE_audited_once(GrpcWebMode? grpcWeb)
    {
        await using var web = await WebRig.StartAsync();
        using var channel = ChannelOf(web, grpcWeb);

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(RawWatchEvents, null, Local, Message(Limit + 1));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        AssertTooLarge(error);
        Assert.Equal(1, TooLargeAudited(web.Rig.Directory, WatchEvents));
    }

    [Fact]
    public async Task The_first_message_of_a_client_stream_over_the_limit_is_REQUEST_TOO_LARGE_before_the_caller_is_admitted()
    {
        await using var rig = await ServiceRig.StartAsync();

        using var call = rig.Channel.CreateCallInvoker().AsyncClientStreamingCall(RawUploadFees, null, Local);
        var error = await StreamRefusalAsync(call, Message(Limit + 1));

        AssertTooLarge(error);
        Assert.Equal(1, TooLargeAudited(rig.Directory, UploadFees));
    }

    // The call was admitted with the first message: its own audit line carries the refusal as its outcome, and nothing
    // went to the centre.
    [Fact]
    public async Task A_later_message_of_a_client_stream_over_the_limit_ends_the_upload_REQUEST_TOO_LARGE_audited_once()
    {
        await using var rig = await JournalRig.StartAsync(null, [("Centre:MaxRetries", "0")]);

        using var call = rig.Rig.Channel.CreateCallInvoker().AsyncClientStreamingCall(RawUploadFees, null, JournalRig.Teller.Options);
        var error = await StreamRefusalAsync(call, FirstFees().ToByteArray(), Message(Limit + 1));

        AssertTooLarge(error);
        var audit = Assert.Single(AuditLines(rig.Rig.Directory, UploadFees));
        Assert.Equal(("teller", "REQUEST_TOO_LARGE"), (audit.GetProperty("Client").GetString(), audit.GetProperty("Reason").GetString()));
        Assert.Equal(0, rig.Centre.RequestCount("2301"));
    }

    [Fact]
    public async Task A_client_stream_of_messages_each_at_the_limit_is_read_to_its_end()
    {
        await using var rig = await JournalRig.StartAsync(null, [("Centre:MaxRetries", "0")]);
        var stay = await new HospitalService.HospitalServiceClient(rig.Rig.Channel).AdmitAsync(new AdmitRequest
        {
            IdempotencyKey = "adm-limit",
            Credential = FirstFees().Credential,
            InpatientNo = "ZY-L",
            Diagnosis = new Diagnosis { Code = "J18.900", Name = "肺炎" },
        }, JournalRig.Teller.Options);

        using var call = rig.Rig.Channel.CreateCallInvoker().AsyncClientStreamingCall(RawUploadFees, null, JournalRig.Teller.Options);
        var first = FirstFees(stay.VisitId).ToByteArray();
        await call.RequestStream.WriteAsync([.. first, .. Message(Limit - first.Length)]);
        await call.RequestStream.WriteAsync(Message(Limit));
        await call.RequestStream.CompleteAsync();
        var sent = UploadFeesResponse.Parser.ParseFrom(await call.ResponseAsync);

        Assert.Equal((stay.VisitId, 1), (sent.VisitId, sent.BatchesSent));
        Assert.Equal(0, TooLargeAudited(rig.Rig.Directory, UploadFees));
    }

    // The length prefix announces 100 MB and 16 bytes follow, then the client waits: a server that read the message
    // before judging its size would wait with it. The answer comes at once, and the body is never finished.
    [Fact]
    public async Task A_frame_announcing_100_MB_is_refused_from_its_prefix_at_once_without_waiting_for_the_message()
    {
        await using var rig = await ServiceRig.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var stalled = new StalledContent([.. FrameHeader(100_000_000), .. new byte[16]]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(rig.Address, ReadCard))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = stalled,
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", "15S");

        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.True(stalled.Stalled.IsCompleted, "the prefix and the 16 bytes were sent");
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"answered after {elapsed}");
        var headers = response.TrailingHeaders.Concat(response.Headers).ToDictionary(h => h.Key, h => h.Value.Single(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(((int)StatusCode.ResourceExhausted).ToString(System.Globalization.CultureInfo.InvariantCulture), headers["grpc-status"]);
        var details = headers["grpc-status-details-bin"];
        var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(details.PadRight(details.Length + (4 - details.Length % 4) % 4, '=')));
        var info = Assert.Single(status.Details).Unpack<Google.Rpc.ErrorInfo>();
        Assert.Equal(("REQUEST_TOO_LARGE", "65536"), (info.Reason, info.Metadata["limit_bytes"]));
        Assert.Equal(1, TooLargeAudited(rig.Directory, ReadCard));
    }

    // Out of process: in-process services share Serilog's static logger, so only a service of its own has a log of its own.
    [Fact]
    public async Task Oversize_requests_in_every_shape_are_logged_once_per_caller_and_never_with_a_stack_trace()
    {
        var teller = new ApiKeyClient("teller", "settlement");
        await using var service = await ServiceProcess.StartListeningAsync(
            ["--simulate", .. ApiKeyClient.SettingsOf(teller).Select(s => $"--{s.Key}={s.Value}")]);
        using (var channel = GrpcChannel.ForAddress(service.Address))
        {
            var invoker = channel.CreateCallInvoker();
            foreach (var key in (string?[])[null, "not-a-key-of-anyone"])
            {
                var options = ServiceRig.WithKey(key, TimeSpan.FromSeconds(20));
                for (var i = 0; i < 3; i++)
                {
                    AssertTooLarge(await Assert.ThrowsAsync<RpcException>(async () => await invoker.AsyncUnaryCall(RawReadCard, null, options, Message(Limit + 1))));
                }
                using var stream = invoker.AsyncServerStreamingCall(RawWatchEvents, null, options, Message(Limit + 1));
                AssertTooLarge(await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None)));
                using var upload = invoker.AsyncClientStreamingCall(RawUploadFees, null, options);
                AssertTooLarge(await StreamRefusalAsync(upload, Message(Limit + 1)));
            }
            for (var i = 0; i < 2; i++)
            {
                using var upload = invoker.AsyncClientStreamingCall(RawUploadFees, null, teller.Options);
                AssertTooLarge(await StreamRefusalAsync(upload, FirstFees().ToByteArray(), Message(Limit + 1)));
            }
        }
        Assert.Equal(0, await service.StopAsync(TimeSpan.FromSeconds(15)));

        var log = Lines(service.Directory, "log-*.json");
        Assert.DoesNotContain(log, line => line.Contains("\"@x\"", StringComparison.Ordinal) || line.Contains("   at ", StringComparison.Ordinal));
        // Three callers: the local one, an unrecognised one known by its address, and the teller.
        var refusals = log.Where(line => line.Contains("REQUEST_TOO_LARGE", StringComparison.Ordinal)).ToList();
        Assert.True(refusals.Count == 3, string.Join(Environment.NewLine, refusals));
        Assert.Equal(2 * 5 + 2, Lines(service.Directory, "audit-*.jsonl").Count(line => line.Contains("REQUEST_TOO_LARGE", StringComparison.Ordinal)));
    }

    /// <summary>A message of exactly <paramref name="size"/> bytes that parses as any message: one unknown field of bytes.</summary>
    private static byte[] Message(int size)
    {
        const int field = 1000;
        var tagSize = CodedOutputStream.ComputeTagSize(field);
        for (var lengthSize = 1; lengthSize <= 5; lengthSize++)
        {
            var length = size - tagSize - lengthSize;
            if (length >= 0 && CodedOutputStream.ComputeLengthSize(length) == lengthSize)
            {
                var bytes = new byte[size];
                using var output = new CodedOutputStream(bytes);
                output.WriteTag(field, WireFormat.WireType.LengthDelimited);
                output.WriteLength(length);
                return bytes;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(size));
    }

    private static UploadFeeBatchRequest FirstFees(string visitId = "V-1") => new()
    {
        IdempotencyKey = "ward-fees",
        Credential = new SettlementCredential { IdDocument = new IdDocument { Number = CentrePerson.CrossRegion.IdNumber, Name = CentrePerson.CrossRegion.Name } },
        VisitId = visitId,
        Scenario = SettlementScenario.Inpatient,
        Items = { new FeeDetail { SerialNo = "F0001", ListCode = "XB01AAA", InstitutionListCode = "H-1", Quantity = "1", UnitPriceFen = 100, TotalFen = 100 } },
    };

    private static byte[] FrameHeader(int length)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    private static GrpcChannel ChannelOf(WebRig web, GrpcWebMode? grpcWeb) => grpcWeb is { } mode
        ? GrpcChannel.ForAddress(web.Rig.WebAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(mode, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        })
        : GrpcChannel.ForAddress(web.Rig.Address);

    // The service may end the call while the client still writes: a write then fails with the call's own status.
    private static async Task<RpcException> StreamRefusalAsync(AsyncClientStreamingCall<byte[], byte[]> call, params byte[][] messages)
    {
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
        }
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
    }

    private static void AssertTooLarge(RpcException error)
    {
        Assert.True(error.StatusCode == StatusCode.ResourceExhausted, error.Status.ToString());
        var info = error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>();
        Assert.Equal(("cardbridge.v1", "REQUEST_TOO_LARGE"), (info?.Domain, info?.Reason));
        Assert.Equal("65536", info?.Metadata["limit_bytes"]);
    }

    private static int TooLargeAudited(string directory, string rpc) =>
        AuditLines(directory, rpc).Count(line => line.TryGetProperty("Reason", out var reason) && reason.GetString() == "REQUEST_TOO_LARGE");

    private static List<JsonElement> AuditLines(string directory, string rpc) =>
    [
        .. Lines(directory, "audit-*.jsonl")
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Where(line => line.GetProperty("Rpc").GetString() == rpc),
    ];

    private static List<string> Lines(string directory, string pattern) =>
    [
        .. Directory.GetFiles(directory, pattern).SelectMany(file =>
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }),
    ];

    /// <summary>A request body that sends its bytes, then neither ends nor sends more until the request is over.</summary>
    private sealed class StalledContent(byte[] bytes) : HttpContent
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stalled => _stalled.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(bytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
