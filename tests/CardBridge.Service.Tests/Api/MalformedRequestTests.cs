using System.Buffers.Binary;
using System.Net;
using CardBridge.Api.V1;
using Grpc.Core;
using Grpc.Health.V1;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Api;

public sealed class MalformedRequestTests
{
    private const string ReadCardMethod = "/cardbridge.v1.IdentityService/ReadCard";

    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(20));

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static readonly Method<byte[], byte[]> RawReadCard = new(MethodType.Unary, "cardbridge.v1.IdentityService", "ReadCard", Raw, Raw);

    // Serving after abuse: health is SERVING and a real call on the same channel answers.
    private static async Task AssertStillServingAsync(ServiceRig rig)
    {
        var health = await new Health.HealthClient(rig.Channel).CheckAsync(new HealthCheckRequest(), Local);
        var identity = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader0 } }, Local)).Identity;
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal("测试甲", identity.Holder.Name);
    }

    [Theory]
    [InlineData(65 * 1024)]
    [InlineData(100 * 1024)]
    [InlineData(1024 * 1024)]
    [InlineData(8 * 1024 * 1024)]
    public async Task Request_over_the_64_KiB_limit_is_RESOURCE_EXHAUSTED_and_the_service_keeps_serving(int purposeLength)
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();
        Assert.Equal(64 * 1024, new Service.Configuration.LimitsOptions().MaxRequestBytes);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Identity.ReadCardAsync(new ReadCardRequest { Purpose = new string('x', purposeLength) }, Local));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("REQUEST_TOO_LARGE", error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
        await AssertStillServingAsync(rig);
    }

    public static TheoryData<byte[]> Garbage
    {
        get
        {
            var data = new TheoryData<byte[]>
            {
                Convert.FromHexString("0F"),                      // field 1 with wire type 7, which does not exist
                Convert.FromHexString("0A05"),                    // target: 5 bytes announced, none there
                Convert.FromHexString("0AFFFFFFFFFF0F"),          // target: a length beyond any message
                Convert.FromHexString("0A020A80"),                // target.session_id: a truncated varint length
                Convert.FromHexString("FFFFFFFFFFFFFFFFFFFF01"),  // a tag varint longer than 10 bytes
            };
            var random = new Random(20250401);
            for (var i = 0; i < 8; i++)
            {
                var bytes = new byte[random.Next(1, 4096)];
                random.NextBytes(bytes);
                data.Add(bytes);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_message_bodies_get_an_error_status_and_the_service_keeps_serving(byte[] body)
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();

        var outcome = await Record.ExceptionAsync(async () =>
            await rig.Channel.CreateCallInvoker().AsyncUnaryCall(RawReadCard, null, Local, body));

        // A random body may happen to parse (unknown fields are legal); then it is a ReadCard like any other.
        if (Parses(body))
        {
            Assert.True(outcome is null or RpcException, $"{outcome}");
        }
        else
        {
            var error = Assert.IsType<RpcException>(outcome);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal("INVALID_REQUEST", error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
        }
        await AssertStillServingAsync(rig);
    }

    // grpc-dotnet parses the body before any of the service's code runs; the service's marshallers hand the failure on
    // to the access interceptor, which answers it as the contract says.
    [Fact]
    public async Task Structurally_invalid_protobuf_is_INVALID_ARGUMENT_with_reason_INVALID_REQUEST()
    {
        await using var rig = await ServiceRig.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Channel.CreateCallInvoker().AsyncUnaryCall(RawReadCard, null, Local, Convert.FromHexString("0F")));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("INVALID_REQUEST", error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
        Assert.DoesNotContain("InvalidProtocolBuffer", error.Status.Detail, StringComparison.Ordinal);
    }

    private static bool Parses(byte[] body)
    {
        try
        {
            ReadCardRequest.Parser.ParseFrom(body);
            return true;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return false;
        }
    }

    public static TheoryData<string, byte[]> BrokenFrames => new()
    {
        { "length prefix beyond the body", Frame(0, 100, [0x0A, 0x00]) },
        { "compressed flag without grpc-encoding", Frame(1, 2, [0x0A, 0x00]) },
        { "length prefix of 1 MiB", Frame(0, 1 << 20, new byte[64]) },
        { "half a prefix", [0x00, 0x00] },
        { "two messages for a unary call", [.. Frame(0, 0, []), .. Frame(0, 0, [])] },
        { "unknown flag bits", Frame(0x80, 0, []) },
    };

    private static byte[] Frame(byte flags, int declaredLength, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), declaredLength);
        payload.CopyTo(frame, 5);
        return frame;
    }

    [Theory]
    [MemberData(nameof(BrokenFrames))]
    public async Task Broken_grpc_framing_gets_an_error_status_and_the_service_keeps_serving(string what, byte[] body)
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(rig.Address, ReadCardMethod))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;

        Assert.NotNull(status);
        Assert.NotEqual("0", status);
        Assert.True(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) is (int)StatusCode.Unknown or (int)StatusCode.Internal
            or (int)StatusCode.InvalidArgument or (int)StatusCode.ResourceExhausted or (int)StatusCode.Unimplemented, $"{what}: grpc-status {status}");
        await AssertStillServingAsync(rig);
    }
}
