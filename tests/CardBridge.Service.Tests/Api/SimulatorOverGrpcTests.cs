using CardBridge.Api.V1;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Api;

public sealed class SimulatorOverGrpcTests
{
    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(20));

    [Theory]
    [InlineData("Simulated Reader 9")]
    [InlineData("")]
    [InlineData("Simulated PSAM")]
    public async Task InsertCard_into_a_reader_that_is_not_there_is_NOT_FOUND_READER_UNAVAILABLE(string reader)
    {
        await using var rig = await ServiceRig.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Simulator.InsertCardAsync(new InsertCardRequest { Reader = reader, Profile = "third-gen" }, Local));

        Assert.Equal(reader, AssertError(error, StatusCode.NotFound, "READER_UNAVAILABLE").Metadata["reader"]);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("")]
    [InlineData("psam")]
    [InlineData("issuer-test.keys")]
    [InlineData("../profiles/third-gen")]
    [InlineData("third-gen.json")]
    [InlineData("/etc/passwd")]
    public async Task InsertCard_of_a_profile_that_is_not_a_person_card_is_INVALID_REQUEST_naming_profile(string profile)
    {
        await using var rig = await ServiceRig.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Simulator.InsertCardAsync(new InsertCardRequest { Reader = ServiceRig.Reader1, Profile = profile }, Local));

        Assert.Equal("profile", AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }

    [Fact]
    public async Task RemoveCard_from_a_reader_that_is_not_there_is_NOT_FOUND_READER_UNAVAILABLE()
    {
        await using var rig = await ServiceRig.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await rig.Simulator.RemoveCardAsync(new RemoveCardRequest { Reader = "Simulated PSAM" }, Local));

        AssertError(error, StatusCode.NotFound, "READER_UNAVAILABLE");
    }

    [Fact]
    public async Task InsertCard_replaces_the_card_in_the_reader_and_RemoveCard_ends_its_session()
    {
        await using var rig = await ServiceRig.StartAsync();
        var old = await rig.InitialSessionAsync();
        using var call = rig.Readers.WatchEvents(new WatchEventsRequest { Reader = ServiceRig.Reader0 }, Local);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        }

        await rig.Simulator.InsertCardAsync(new InsertCardRequest { Reader = ServiceRig.Reader0, Profile = "second-gen" }, Local);
        var events = new List<ReaderEvent>();
        while (events.LastOrDefault()?.SessionReady is null && await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(call.ResponseStream.Current);
        }
        await rig.Simulator.RemoveCardAsync(new RemoveCardRequest { Reader = ServiceRig.Reader0 }, Local);
        await rig.Simulator.RemoveCardAsync(new RemoveCardRequest { Reader = ServiceRig.Reader0 }, Local);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var removed = call.ResponseStream.Current;

        Assert.Equal(old, events[0].CardRemoved.SessionId);
        Assert.Equal(ServiceRig.Reader0, events[1].CardInserted.Reader);
        var ready = events[2].SessionReady;
        Assert.Equal(CardKind.SecondGeneration, ready.Kind);
        Assert.Equal(ready.SessionId, removed.CardRemoved.SessionId);
    }
}
