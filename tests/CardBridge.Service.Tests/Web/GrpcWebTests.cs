using CardBridge.Api.V1;
using CardBridge.Service.Tests.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Web;

/// <summary>gRPC-Web on the web listener over HTTP/1.1, as a browser library calls it: the same services, scopes and errors.</summary>
public sealed class GrpcWebTests
{
    private static GrpcChannel WebChannel(WebRig web, GrpcWebMode mode, string? origin = WebRig.ListedOrigin)
    {
        var handler = new GrpcWebHandler(mode, new OriginHeader(origin));
        return GrpcChannel.ForAddress(web.Rig.WebAddress, new GrpcChannelOptions
        {
            HttpHandler = handler,
            HttpVersion = System.Net.HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
    }

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task Unary_and_server_streaming_calls_work_over_grpc_web(GrpcWebMode mode)
    {
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();
        using var channel = WebChannel(web, mode);

        var readers = await new ReaderService.ReaderServiceClient(channel).ListReadersAsync(new ListReadersRequest(), ServiceRig.WithKey(null));
        var identity = await new IdentityService.IdentityServiceClient(channel).ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = session }, Purpose = "registration" }, ServiceRig.WithKey(null));
        using var events = new ReaderService.ReaderServiceClient(channel).WatchEvents(
            new WatchEventsRequest { Reader = ServiceRig.Reader0 }, ServiceRig.WithKey(null));
        SessionReady? ready = null;
        while (ready is null && await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            ready = events.ResponseStream.Current.SessionReady;
        }

        Assert.Equal([ServiceRig.Reader0, ServiceRig.Reader1], readers.Readers.Select(r => r.Name));
        Assert.Equal("测**", identity.Identity.Holder.NameMasked);
        Assert.False(identity.Identity.Holder.HasName);
        Assert.Equal(session, ready?.SessionId);
    }

    [Fact]
    public async Task Errors_arrive_with_their_ErrorInfo_over_grpc_web()
    {
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();
        using var channel = WebChannel(web, GrpcWebMode.GrpcWeb);
        var identity = new IdentityService.IdentityServiceClient(channel);

        var denied = await Assert.ThrowsAsync<RpcException>(async () => await identity.VerifyPinAsync(
            new VerifyPinRequest { Target = new CardTarget { SessionId = session }, Pin = Pin }, ServiceRig.WithKey(null)));
        var invalid = await Assert.ThrowsAsync<RpcException>(async () => await identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = "not-a-session" } }, ServiceRig.WithKey(null)));

        ApiKeyClient.AssertError(denied, StatusCode.PermissionDenied, "SCOPE_DENIED");
        ApiKeyClient.AssertError(invalid, StatusCode.InvalidArgument, "INVALID_REQUEST");
    }

    [Fact]
    public async Task A_grpc_web_call_from_an_unlisted_origin_is_refused()
    {
        await using var web = await WebRig.StartAsync();
        using var channel = WebChannel(web, GrpcWebMode.GrpcWeb, WebRig.UnlistedOrigin);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new ReaderService.ReaderServiceClient(channel).ListReadersAsync(new ListReadersRequest(), ServiceRig.WithKey(null)));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains(web.AuditOf("/cardbridge.v1.ReaderService/ListReaders"),
            line => line.GetProperty("Reason").GetString() == "ORIGIN_NOT_ALLOWED" && line.GetProperty("Origin").GetString() == WebRig.UnlistedOrigin);
    }

    // What a browser adds to every cross-origin call of a page.
    private sealed class OriginHeader(string? origin) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
