using System.Diagnostics;
using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Api;

public sealed class AwaitCredentialOverGrpcTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(1);

    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(20));

    private static AwaitCredentialRequest Await(double seconds, bool onlyNew = false, string reader = "") =>
        new() { Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)), OnlyNew = onlyNew, Reader = reader };

    [Fact]
    public async Task AwaitCredential_answers_at_once_with_a_card_already_in_a_reader()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.InitialSessionAsync();
        var clock = Stopwatch.StartNew();

        var response = await rig.Identity.AwaitCredentialAsync(Await(30), Local);

        Assert.True(clock.Elapsed < Prompt, $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(session, response.Card.SessionId);
        Assert.Equal("测试甲", response.Card.Holder.Name);
    }

    [Fact]
    public async Task AwaitCredential_only_new_waits_for_a_card_inserted_after_it_started()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();

        using var call = rig.Identity.AwaitCredentialAsync(Await(30, onlyNew: true), Local);
        await call.ResponseHeadersAsync;
        var inserted = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());
        var response = await call.ResponseAsync;

        Assert.Equal(inserted, response.Card.SessionId);
        Assert.Equal(ServiceRig.Reader1, response.Card.Reader);
    }

    [Fact]
    public async Task AwaitCredential_for_one_reader_ignores_cards_in_the_others()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();

        using var call = rig.Identity.AwaitCredentialAsync(Await(30, reader: ServiceRig.Reader1), Local);
        await call.ResponseHeadersAsync;
        var inserted = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());
        var response = await call.ResponseAsync;

        Assert.Equal(inserted, response.Card.SessionId);
    }

    [Fact]
    public async Task AwaitCredential_with_nothing_presented_ends_DEADLINE_EXCEEDED_NOTHING_PRESENTED_after_its_timeout()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.AwaitCredentialAsync(Await(1, onlyNew: true), Local));

        AssertError(error, StatusCode.DeadlineExceeded, "NOTHING_PRESENTED");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    public static TheoryData<long, int> OutOfRange => new()
    {
        { 0, 0 },
        { 0, 999_999_999 },
        { 601, 0 },
        { -5, 0 },
        { 3600 * 24 * 365, 0 },
        { 5, 2_000_000_000 },
        { 5, -1 },
        { long.MaxValue, 0 },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task AwaitCredential_with_a_timeout_out_of_range_is_INVALID_REQUEST_naming_timeout(long seconds, int nanos)
    {
        await using var rig = await ServiceRig.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.AwaitCredentialAsync(
            new AwaitCredentialRequest { Timeout = new Duration { Seconds = seconds, Nanos = nanos } }, Local));

        Assert.Equal("timeout", AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }

    [Fact]
    public async Task AwaitCredential_for_a_reader_that_is_not_there_is_NOT_FOUND_READER_UNAVAILABLE()
    {
        await using var rig = await ServiceRig.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.AwaitCredentialAsync(Await(5, reader: "Nope"), Local));

        AssertError(error, StatusCode.NotFound, "READER_UNAVAILABLE");
    }

    [Fact]
    public async Task AwaitCredential_ends_when_the_client_cancels()
    {
        await using var rig = await ServiceRig.StartAsync();
        using var cancel = new CancellationTokenSource();

        using var call = rig.Identity.AwaitCredentialAsync(Await(60, onlyNew: true), Local.WithCancellationToken(cancel.Token));
        // A later call's round trip, rather than the headers: Grpc.Net.Client reports a cancel that lands just as the
        // headers arrive as INTERNAL (ObjectDisposedException) instead of CANCELLED.
        await rig.Readers.ListReadersAsync(new ListReadersRequest(), Local);
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.True(clock.Elapsed < Prompt, $"ended {clock.Elapsed.TotalMilliseconds:0} ms after the cancel");
    }

    [Fact]
    public async Task AwaitCredential_of_an_expired_card_is_CARD_EXPIRED_unless_allowed()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.TakeCardAsync(ServiceRig.Reader0);
        await rig.PutCardAsync(ServiceRig.Reader1, CardProfiles.Load("expired"));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.AwaitCredentialAsync(Await(5), Local));
        var allowed = await rig.Identity.AwaitCredentialAsync(new AwaitCredentialRequest { AllowExpired = true }, Local);

        AssertError(error, StatusCode.FailedPrecondition, "CARD_EXPIRED");
        Assert.Equal(CardValidity.Expired, allowed.Card.Card.Validity);
    }
}
