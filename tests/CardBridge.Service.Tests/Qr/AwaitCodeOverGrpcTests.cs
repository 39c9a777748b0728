using CardBridge.Api.V1;
using CardBridge.Service.Credentials;
using CardBridge.Service.Tests.Api;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Qr.Platform;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Qr;

public sealed class AwaitCodeOverGrpcTests
{
    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task AwaitCredential_answers_with_an_e_voucher_code_in_the_card_shape_with_the_cards_holder_id()
    {
        await using var rig = await ServiceRig.StartAsync();
        var card = await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = await rig.InitialSessionAsync() }, Purpose = "test" }, Local);

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        await rig.PresentAsync(QrCodeKind.EVoucher);
        var code = (await call.ResponseAsync).Code;

        Assert.Equal(QrCodeKind.EVoucher, code.Kind);
        Assert.Equal(RigCodes.Scanner, code.Scanner);
        Assert.True(Guid.TryParseExact(code.CredentialId, "D", out _));
        Assert.Equal(card.Identity.Holder.HolderId, code.Holder.HolderId);
        Assert.Equal(card.Identity.Holder.Name, code.Holder.Name);
        Assert.Equal(card.Identity.Holder.Ssn, code.Holder.Ssn);
        Assert.Equal(card.Identity.Holder.BirthDate, code.Holder.BirthDate);
        Assert.Equal(card.Identity.Holder.Sex, code.Holder.Sex);
        Assert.Equal(card.Identity.Holder.NameMasked, code.Holder.NameMasked);
        Assert.Equal(code.ScannedAt.ToDateTimeOffset().AddMinutes(5), code.ValidUntil.ToDateTimeOffset());
    }

    [Fact]
    public async Task An_identity_basic_caller_gets_a_codes_pseudonym_and_masked_values_only()
    {
        var basic = new ApiKeyClient("counter", "identity.basic");
        await using var rig = await ServiceRig.StartAsync(ApiKeyClient.SettingsOf(basic));

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), ServiceRig.WithKey(basic.Key, TimeSpan.FromSeconds(30)));
        await call.ResponseHeadersAsync;
        await rig.PresentAsync(QrCodeKind.ESocialSecurityCard);
        var code = (await call.ResponseAsync).Code;

        Assert.Equal(QrCodeKind.ESocialSecurityCard, code.Kind);
        Assert.Equal(64, code.Holder.HolderId.Length);
        Assert.EndsWith("*", code.Holder.NameMasked, StringComparison.Ordinal);
        Assert.False(code.Holder.HasName);
        Assert.False(code.Holder.HasSsn);
        Assert.Null(code.Holder.BirthDate);
        Assert.False(code.HasCardNumber);
        Assert.Contains('*', code.CardNumberMasked);
    }

    [Fact]
    public async Task A_transit_code_answers_with_its_account_issuer_and_limit()
    {
        await using var rig = await ServiceRig.StartAsync();

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        await rig.PresentAsync(QrCodeKind.Transit);
        var code = (await call.ResponseAsync).Code;

        Assert.Equal(QrCodeKind.Transit, code.Kind);
        Assert.Null(code.Holder);
        Assert.StartsWith("SI", code.Transit.Account, StringComparison.Ordinal);
        Assert.Equal(CardBridge.Simulation.Qr.Transit.SimTransitQrKeys.IssuerId, code.Transit.IssuerId);
        Assert.True(code.Transit.PerTripLimitFen > 0);
        Assert.True(code.Transit.ExpiresAt.ToDateTimeOffset() > code.Transit.GeneratedAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task The_code_scanned_first_wins_even_when_a_card_inserted_after_it_is_read_sooner()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();
        rig.Platforms().QrPlatform!.InjectFault(QrPlatformFault.Slow, TimeSpan.FromSeconds(1.5));

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        await rig.OnDeskAsync(() => rig.PresentAsync(QrCodeKind.EVoucher), p => p is CodePresentation { Outcome: null });
        await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());
        Assert.False(call.ResponseAsync.IsCompleted, "answered before the code that came first was verified");
        var response = await call.ResponseAsync;

        Assert.Equal(AwaitCredentialResponse.CredentialOneofCase.Code, response.CredentialCase);
    }

    [Fact]
    public async Task The_card_inserted_first_wins_even_when_a_code_scanned_after_it_is_verified_sooner()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();
        var slow = new RecordingCard(SimCard.SecondGen().Build());
        slow.SlowDown(0xB2, TimeSpan.FromMilliseconds(100));

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        await rig.OnDeskAsync(() => { rig.Bank.Insert(ServiceRig.Reader1, slow); return Task.CompletedTask; },
            p => p is CardPresentation { Reader: ServiceRig.Reader1, Session: null });
        await rig.OnDeskAsync(() => rig.PresentAsync(QrCodeKind.Transit), p => p is CodePresentation { Outcome: not null });
        Assert.False(call.ResponseAsync.IsCompleted, "answered before the card that came first was read");
        var response = await call.ResponseAsync;

        Assert.Equal(ServiceRig.Reader1, response.Card.Reader);
    }

    [Fact]
    public async Task A_code_accepted_just_before_the_call_answers_it_unless_only_new()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.TakeCardAsync(ServiceRig.Reader0);
        await rig.OnDeskAsync(() => rig.PresentAsync(QrCodeKind.Transit), p => p is CodePresentation { Outcome.Credential: not null });

        var present = await rig.Identity.AwaitCredentialAsync(RigCodes.Await(onlyNew: false), Local);
        Assert.Equal(QrCodeKind.Transit, present.Code.Kind);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.AwaitCredentialAsync(RigCodes.Await(1, onlyNew: true), Local));
        AssertError(error, StatusCode.DeadlineExceeded, "NOTHING_PRESENTED");
    }

    [Fact]
    public async Task Codes_only_ignores_a_card_and_cards_only_ignores_a_code()
    {
        await using var rig = await ServiceRig.StartAsync();
        await rig.InitialSessionAsync();

        using var codesOnly = rig.Identity.AwaitCredentialAsync(RigCodes.Await(accept: PresentedKinds.CodesOnly), Local);
        using var cardsOnly = rig.Identity.AwaitCredentialAsync(RigCodes.Await(accept: PresentedKinds.CardsOnly), Local);
        await codesOnly.ResponseHeadersAsync;
        await cardsOnly.ResponseHeadersAsync;
        await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());
        await rig.PresentAsync(QrCodeKind.Transit);

        Assert.Equal(QrCodeKind.Transit, (await codesOnly.ResponseAsync).Code.Kind);
        Assert.Equal(ServiceRig.Reader1, (await cardsOnly.ResponseAsync).Card.Reader);
    }

    [Theory]
    [InlineData(QrCodeKind.Transit, SimulatedCode.Expired, "QR_EXPIRED", "transit")]
    [InlineData(QrCodeKind.Transit, SimulatedCode.Tampered, "QR_BAD_SIGNATURE", "transit")]
    [InlineData(QrCodeKind.EVoucher, SimulatedCode.Expired, "QR_EXPIRED", "e_voucher")]
    [InlineData(QrCodeKind.EVoucher, SimulatedCode.Tampered, "QR_MALFORMED", "e_voucher")]
    [InlineData(QrCodeKind.Unspecified, SimulatedCode.Garbage, "QR_MALFORMED", null)]
    public async Task A_refused_code_presented_first_ends_the_wait_with_its_reason(QrCodeKind kind, SimulatedCode code, string reason, string? codeKind)
    {
        await using var rig = await ServiceRig.StartAsync();

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        await rig.PresentAsync(kind, code);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);

        var info = AssertError(error, StatusCode.FailedPrecondition, reason);
        Assert.Equal(RigCodes.Scanner, info.Metadata["scanner"]);
        Assert.Equal(codeKind, info.Metadata.TryGetValue("code_kind", out var named) ? named : null);
    }

    [Theory]
    [InlineData(QrCodeKind.Transit)]
    [InlineData(QrCodeKind.EVoucher)]
    public async Task The_same_code_shown_again_is_QR_REPLAYED(QrCodeKind kind)
    {
        await using var rig = await ServiceRig.StartAsync(("Qr:Debounce:Window", "00:00:00.050"));
        var first = (CodePresentation)await rig.OnDeskAsync(() => rig.PresentAsync(kind), p => p is CodePresentation { Outcome.Credential: not null });
        // Shown again after the debounce window (by scan time), so it is a second presentation, not one held in view.
        var apart = first.ScannedAt + TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow;
        await Task.Delay(apart > TimeSpan.Zero ? apart : TimeSpan.Zero);

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        await rig.PresentAsync(kind, SimulatedCode.Replay);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);

        AssertError(error, StatusCode.FailedPrecondition, "QR_REPLAYED");
    }

    [Fact]
    public async Task A_code_read_twice_within_the_debounce_window_is_one_presentation_not_a_replay()
    {
        await using var rig = await ServiceRig.StartAsync(("Qr:Debounce:Window", "00:00:05"));
        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        using var events = rig.Readers.WatchEvents(new WatchEventsRequest { Reader = RigCodes.Scanner }, Local);

        await rig.PresentAsync(QrCodeKind.Transit);
        await rig.PresentAsync(QrCodeKind.Transit, SimulatedCode.Replay);
        Assert.Equal(QrCodeKind.Transit, (await call.ResponseAsync).Code.Kind);
        await rig.PresentAsync(QrCodeKind.Transit, SimulatedCode.Garbage);

        var scanned = new List<QrScanned>();
        while (scanned.Count < 2 && await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (events.ResponseStream.Current.QrScanned is { } qr)
            {
                scanned.Add(qr);
            }
        }
        Assert.Equal(QrCodeKind.Transit, scanned[0].Kind);
        Assert.Equal(ErrorReason.QrMalformed, scanned[1].Refused);
    }

    [Fact]
    public async Task A_platform_that_is_down_is_UNAVAILABLE_QR_VERIFIER_UNAVAILABLE()
    {
        await using var rig = await ServiceRig.StartAsync();
        rig.Platforms().QrPlatform!.InjectFault(QrPlatformFault.Down);

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        await rig.PresentAsync(QrCodeKind.EVoucher);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);

        AssertError(error, StatusCode.Unavailable, "QR_VERIFIER_UNAVAILABLE");
    }

    [Fact]
    public async Task A_client_that_cancels_ends_its_wait_and_leaves_the_desk()
    {
        await using var rig = await ServiceRig.StartAsync();
        using var cancel = new CancellationTokenSource();

        var desk = rig.Services.GetRequiredService<PresentationDesk>();
        var before = desk.SubscriberCount;

        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local.WithCancellationToken(cancel.Token));
        // A later call's round trip, rather than the headers (see AwaitCredential_ends_when_the_client_cancels).
        await rig.Readers.ListReadersAsync(new ListReadersRequest(), Local);
        // The two calls share one connection, and the server runs them side by side: the later one's answer does not
        // mean the wait has reached the desk yet.
        await WaitUntilAsync(() => desk.SubscriberCount == before + 1);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await WaitUntilAsync(() => desk.SubscriberCount == before);

        // The service carries on: the next wait is answered.
        using var next = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await next.ResponseHeadersAsync;
        await rig.PresentAsync(QrCodeKind.Transit);
        Assert.Equal(QrCodeKind.Transit, (await next.ResponseAsync).Code.Kind);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private static AwaitCredentialRequest Scanner(AwaitCredentialRequest request, string scanner)
    {
        request.Scanner = scanner;
        return request;
    }

    [Fact]
    public async Task An_unknown_scanner_is_NOT_FOUND_and_bad_accept_is_INVALID_REQUEST()
    {
        await using var rig = await ServiceRig.StartAsync();

        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.AwaitCredentialAsync(
            Scanner(RigCodes.Await(), "no such scanner"), Local));
        AssertError(unknown, StatusCode.NotFound, "READER_UNAVAILABLE");
        var accept = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.AwaitCredentialAsync(
            RigCodes.Await(accept: (PresentedKinds)42), Local));
        Assert.Equal("accept", AssertError(accept, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }
}
