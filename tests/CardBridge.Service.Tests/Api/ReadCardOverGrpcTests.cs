using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Api;

public sealed class ReadCardOverGrpcTests
{
    private static CallOptions Local => ServiceRig.WithKey(null);

    private static async Task<RpcException> ReadFailsAsync(ServiceRig rig, ReadCardRequest request) =>
        await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ReadCardAsync(request, Local));

    [Fact]
    public async Task ReadCard_by_session_id_answers_that_session()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.ThirdGen().WithCardNumber("SIM000011").Build());

        var identity = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = session } }, Local)).Identity;

        Assert.Equal(session, identity.SessionId);
        Assert.Equal(ServiceRig.Reader1, identity.Reader);
        Assert.Equal("SIM000011", identity.Card.CardNumber);
    }

    [Fact]
    public async Task ReadCard_by_reader_answers_the_card_in_that_reader()
    {
        await using var rig = await ServiceRig.StartAsync();
        var inReader1 = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());
        var inReader0 = await rig.InitialSessionAsync();

        var first = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader0 } }, Local)).Identity;
        var second = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader1 } }, Local)).Identity;

        Assert.Equal(inReader0, first.SessionId);
        Assert.Equal(inReader1, second.SessionId);
        Assert.Equal("SIM000002", second.Card.CardNumber);
    }

    [Fact]
    public async Task ReadCard_without_target_answers_the_only_card()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.InitialSessionAsync();

        var identity = (await rig.Identity.ReadCardAsync(new ReadCardRequest(), Local)).Identity;

        Assert.Equal(session, identity.SessionId);
    }

    [Fact]
    public async Task ReadCard_without_target_is_READER_AMBIGUOUS_when_two_readers_hold_cards()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();
        await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());

        AssertError(await ReadFailsAsync(rig, new ReadCardRequest()), StatusCode.FailedPrecondition, "READER_AMBIGUOUS");
    }

    [Fact]
    public async Task ReadCard_without_target_is_NO_CARD_when_no_reader_holds_one()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.TakeCardAsync(ServiceRig.Reader0);

        AssertError(await ReadFailsAsync(rig, new ReadCardRequest()), StatusCode.FailedPrecondition, "NO_CARD");
    }

    [Fact]
    public async Task ReadCard_on_an_empty_reader_is_NO_CARD_naming_the_reader()
    {
        await using var rig = await ServiceRig.StartAsync();

        var info = AssertError(await ReadFailsAsync(rig, new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader1 } }),
            StatusCode.FailedPrecondition, "NO_CARD");

        Assert.Equal(ServiceRig.Reader1, info.Metadata["reader"]);
    }

    [Theory]
    [InlineData("Simulated Reader 9")]
    [InlineData("simulated reader 0")]
    [InlineData("Simulated PSAM")]
    public async Task ReadCard_on_a_reader_that_is_not_there_is_NOT_FOUND_READER_UNAVAILABLE(string reader)
    {
        await using var rig = await ServiceRig.StartAsync();

        var info = AssertError(await ReadFailsAsync(rig, new ReadCardRequest { Target = new CardTarget { Reader = reader } }),
            StatusCode.NotFound, "READER_UNAVAILABLE");

        Assert.Equal(reader, info.Metadata["reader"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-session")]
    [InlineData("5a1d00000000400080000000000000011")]
    [InlineData("5a1d0000000040008000000000000001")]
    [InlineData("{5a1d0000-0000-4000-8000-000000000001}")]
    [InlineData("5a1d0000-0000-4000-8000-00000000000g")]
    [InlineData(" 5a1d0000-0000-4000-8000-000000000001")]
    public async Task ReadCard_with_a_malformed_session_id_is_INVALID_REQUEST_naming_target_session_id(string sessionId)
    {
        await using var rig = await ServiceRig.StartAsync();

        var info = AssertError(await ReadFailsAsync(rig, new ReadCardRequest { Target = new CardTarget { SessionId = sessionId } }),
            StatusCode.InvalidArgument, "INVALID_REQUEST");

        Assert.Equal("target.session_id", info.Metadata["field"]);
    }

    [Fact]
    public async Task ReadCard_with_a_well_formed_unknown_session_id_is_CARD_REMOVED()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();
        var unknown = Guid.NewGuid().ToString();

        var info = AssertError(await ReadFailsAsync(rig, new ReadCardRequest { Target = new CardTarget { SessionId = unknown } }),
            StatusCode.FailedPrecondition, "CARD_REMOVED");

        Assert.Equal(unknown, info.Metadata["session_id"]);
    }

    [Fact]
    public async Task ReadCard_of_an_expired_card_is_CARD_EXPIRED_unless_the_request_allows_it()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, CardProfiles.Load("expired"));
        var target = new CardTarget { SessionId = session };

        var info = AssertError(await ReadFailsAsync(rig, new ReadCardRequest { Target = target }), StatusCode.FailedPrecondition, "CARD_EXPIRED");
        var allowed = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = target, AllowExpired = true }, Local)).Identity;

        Assert.Equal(session, info.Metadata["session_id"]);
        Assert.Equal(CardValidity.Expired, allowed.Card.Validity);
        Assert.Equal("测试丙", allowed.Holder.Name);
    }

    [Fact]
    public async Task ReadCard_of_a_forged_card_is_CARD_NOT_GENUINE()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().Forged().Build());

        var info = AssertError(await ReadFailsAsync(rig, new ReadCardRequest { Target = new CardTarget { SessionId = session } }),
            StatusCode.FailedPrecondition, "CARD_NOT_GENUINE");

        Assert.Equal(session, info.Metadata["session_id"]);
    }

    [Fact]
    public async Task ReadCard_of_a_card_without_the_social_security_environment_is_NOT_SOCIAL_SECURITY_CARD()
    {
        await using var rig = await ServiceRig.StartAsync();
        var card = SimCard.ThirdGen().Build();
        card.Faults.ForceStatusWord(0x6A82, ins: 0xA4);
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, card);

        var info = AssertError(await ReadFailsAsync(rig, new ReadCardRequest { Target = new CardTarget { SessionId = session } }),
            StatusCode.FailedPrecondition, "NOT_SOCIAL_SECURITY_CARD");

        Assert.Equal(session, info.Metadata["session_id"]);
    }

    [Fact]
    public async Task ReadCard_of_a_second_generation_card_has_the_holder_and_genuineness_not_checked()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.SecondGen().Build());

        var identity = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = session } }, Local)).Identity;

        Assert.Equal(CardKind.SecondGeneration, identity.Card.Kind);
        Assert.Equal("测试乙", identity.Holder.Name);
        Assert.Equal(Genuineness.NotChecked, identity.Genuineness);
        Assert.Equal(HolderUnavailable.Unspecified, identity.HolderUnavailable);
    }

    [Fact]
    public async Task ReadCard_of_a_third_generation_card_without_a_PSAM_has_no_holder_and_says_NO_AUTHENTICATOR()
    {
        await using var rig = await ServiceRig.StartAsync(("Simulation:Psam", "false"));
        var session = await rig.InitialSessionAsync();

        var identity = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = session } }, Local)).Identity;

        Assert.Equal(CardKind.ThirdGeneration, identity.Card.Kind);
        Assert.Null(identity.Holder);
        Assert.Equal(HolderUnavailable.NoAuthenticator, identity.HolderUnavailable);
        Assert.Equal(Genuineness.NotChecked, identity.Genuineness);
        Assert.Equal("SIM000001", identity.Card.CardNumber);
    }

    [Fact]
    public async Task ReadCard_on_a_live_session_sends_no_command_to_the_card()
    {
        await using var rig = await ServiceRig.StartAsync();
        var card = new RecordingCard(SimCard.ThirdGen().Build());
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, card);
        var before = card.CommandCount;

        for (var i = 0; i < 10; i++)
        {
            await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = session } }, Local);
            await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader0 } }, Local);
            await rig.Identity.ReadCardAsync(new ReadCardRequest(), Local);
        }

        Assert.True(before > 0, "the pre-read reached the card");
        Assert.Equal(before, card.CommandCount);
    }

    [Fact]
    public async Task Purpose_of_128_characters_is_accepted_and_a_longer_one_is_INVALID_REQUEST_naming_purpose()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();

        await rig.Identity.ReadCardAsync(new ReadCardRequest { Purpose = new string('门', 128) }, Local);
        var info = AssertError(await ReadFailsAsync(rig, new ReadCardRequest { Purpose = new string('门', 129) }),
            StatusCode.InvalidArgument, "INVALID_REQUEST");

        Assert.Equal("purpose", info.Metadata["field"]);
    }
}
