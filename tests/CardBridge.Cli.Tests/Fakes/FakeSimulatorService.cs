using System.Collections.Concurrent;
using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Cli.Tests.Fakes;

internal sealed class FakeSimulatorService : SimulatorService.SimulatorServiceBase
{
    public IReadOnlyList<string> Profiles { get; set; } = [];

    public ConcurrentQueue<InsertCardRequest> Inserted { get; } = new();

    public ConcurrentQueue<RemoveCardRequest> Removed { get; } = new();

    public ConcurrentQueue<PressKeysRequest> Keys { get; } = new();

    public override Task<PressKeysResponse> PressKeys(PressKeysRequest request, ServerCallContext context)
    {
        Keys.Enqueue(request);
        return Task.FromResult(new PressKeysResponse());
    }

    public override Task<ListProfilesResponse> ListProfiles(ListProfilesRequest request, ServerCallContext context) =>
        Task.FromResult(new ListProfilesResponse { Profiles = { Profiles } });

    public override Task<InsertCardResponse> InsertCard(InsertCardRequest request, ServerCallContext context)
    {
        Inserted.Enqueue(request);
        return Task.FromResult(new InsertCardResponse());
    }

    public override Task<RemoveCardResponse> RemoveCard(RemoveCardRequest request, ServerCallContext context)
    {
        Removed.Enqueue(request);
        return Task.FromResult(new RemoveCardResponse());
    }
}
