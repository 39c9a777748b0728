using System.Net.Sockets;
using System.Text;
using CardBridge.Api.V1;
using CardBridge.Tests.Shared;
using Grpc.Core;
using Grpc.Net.Client;

namespace CardBridge.Service.Tests.Hosting;

[Trait("Category", "Integration")]
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_ends_open_streams_and_exits_0_within_15_seconds()
    {
        await using var service = await ServiceProcess.StartListeningAsync(["--simulate"]);
        using var channel = GrpcChannel.ForAddress(service.Address);
        var deadline = new CallOptions(deadline: DateTime.UtcNow.AddMinutes(2));
        using var watch = new ReaderService.ReaderServiceClient(channel).WatchEvents(new WatchEventsRequest(), deadline);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None)); // the stream is open
        using var awaiting = new IdentityService.IdentityServiceClient(channel).AwaitCredentialAsync(
            new AwaitCredentialRequest { Reader = "Simulated Reader 1", OnlyNew = true, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) },
            deadline);
        var watching = DrainAsync(watch.ResponseStream);

        Assert.Equal(0, await service.StopAsync(TimeSpan.FromSeconds(15)));
        await watching.WaitAsync(TimeSpan.FromSeconds(5));
        var ended = await Record.ExceptionAsync(() => awaiting.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.IsType<RpcException>(ended);
    }

    private static async Task DrainAsync(IAsyncStreamReader<ReaderEvent> stream)
    {
        try
        {
            while (await stream.MoveNext(CancellationToken.None))
            {
            }
        }
        catch (RpcException)
        {
            // the server went away: the stream ended, which is what matters
        }
    }

    [Fact]
    public async Task Under_systemd_the_service_notifies_READY()
    {
        var directory = Directory.CreateTempSubdirectory("cardbridge-notify");
        var path = Path.Combine(directory.FullName, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        await using var service = ServiceProcess.Start(["--simulate"],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path, ["INVOCATION_ID"] = Guid.NewGuid().ToString("N") });
        try
        {
            var buffer = new byte[1024];
            using var timeout = new CancellationTokenSource(ServiceProcess.StartTimeout);
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);

            Assert.Contains("READY=1", Encoding.UTF8.GetString(buffer, 0, received), StringComparison.Ordinal);
            Assert.Equal(0, await service.StopAsync(TimeSpan.FromSeconds(15)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
