using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Tests.Shared;
using Grpc.Core;
using Grpc.Net.Client;

namespace CardBridge.Service.Tests.Auditing;

/// <summary>
/// The audit line of a call is written to the file before the call is answered (the disk flush follows off the call's
/// path): a service killed with SIGKILL right after its answers has a line for every call it answered.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuditAfterKillTests
{
    private const string ReadCard = "/cardbridge.v1.IdentityService/ReadCard";
    private const int Clients = 4;
    private const int CallsPerClient = 100;

    [Fact]
    public async Task Every_answered_call_has_its_audit_line_after_kill_9()
    {
        await using var service = await ServiceProcess.StartListeningAsync(["--simulate"]);
        using var channel = GrpcChannel.ForAddress(service.Address);
        var identity = new IdentityService.IdentityServiceClient(channel);
        var request = new ReadCardRequest { Target = new CardTarget { Reader = "Simulated Reader 0" }, Purpose = "audit durability" };
        await ReadyAsync(identity, request);
        var before = ReadCardLines(service.Directory);

        var answered = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < CallsPerClient; i++)
            {
                await identity.ReadCardAsync(request, Deadline());
            }
            return CallsPerClient;
        })));
        await service.KillAsync();

        Assert.Equal(before + answered.Sum(), ReadCardLines(service.Directory));
    }

    // The simulated card's pre-read session: NO_CARD until the card has been read.
    private static async Task ReadyAsync(IdentityService.IdentityServiceClient identity, ReadCardRequest request)
    {
        var until = DateTime.UtcNow + ServiceProcess.StartTimeout;
        while (true)
        {
            try
            {
                await identity.ReadCardAsync(request, Deadline());
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(15));

    private static int ReadCardLines(string directory) =>
        Directory.GetFiles(directory, "audit-*.jsonl", SearchOption.AllDirectories)
            .SelectMany(file =>
            {
                using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
                return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            })
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Count(line => line.GetProperty("Rpc").GetString() == ReadCard && line.GetProperty("Outcome").GetString() == "OK");
}
