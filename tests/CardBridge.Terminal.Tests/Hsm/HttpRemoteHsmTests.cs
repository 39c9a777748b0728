using System.Net;
using System.Text.Json;
using CardBridge.Cards;
using CardBridge.Cards.Authentication;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Hsm;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Simulation.Transport;
using CardBridge.Terminal.Hsm;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Terminal.Tests.Hsm;

/// <summary>The HTTP adapter against the simulated HSM platform (a real loopback HTTP server), its resilience and its health.</summary>
public sealed class HttpRemoteHsmTests : IAsyncLifetime
{
    private static readonly byte[] SsseAid = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");

    // Shared like a factory's client: each test's adapter times its own attempts.
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private SimulatedHsmPlatform _platform = null!;

    public Task InitializeAsync()
    {
        _platform = SimulatedHsmPlatform.Start(new SimulatedHsmPlatformOptions { DefaultSlowDelay = TimeSpan.FromSeconds(5) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_genuine_3_00_card_is_checked_through_the_platform_and_its_holder_file_opens()
    {
        var hsm = Adapter();
        var (card, channel) = await CardAsync(SimCard.ThirdGen().Build());

        var by = await new HsmAuthenticator(hsm).AuthenticateAsync(channel, Context(card), CancellationToken.None);

        Assert.Equal(KeyAuthority.Hsm, by);
        Assert.Equal(StatusWord.Success, await ReadHolderRecordAsync(channel));
        Assert.Equal(1, _platform.Requests);
        Assert.Equal(HsmAvailability.Available, hsm.Health.Availability);
        Assert.NotNull(hsm.Health.LastSuccessAt);
    }

    [Fact]
    public async Task The_envelope_carries_the_standard_step_1_fields_as_hex_and_a_fresh_request_id()
    {
        var capture = new CapturingHandler();
        using var http = new HttpClient(capture);
        var hsm = new HttpRemoteHsm(http, Options(o => (o.ServiceUri, o.TerminalId) = (new Uri("http://hsm.invalid/step1"), "T-07")),
            TimeProvider.System, NullLogger<HttpRemoteHsm>.Instance);
        var (card, channel) = await CardAsync(SimCard.ThirdGen().Build());
        var step1 = await HsmAuthenticator.BeginAsync(channel, Context(card), Convert.FromHexString("53494D5353433330"), CancellationToken.None);

        await Assert.ThrowsAsync<AuthenticationUnavailableException>(() => hsm.AuthenticateAsync(step1.Request, CancellationToken.None));

        using var envelope = JsonDocument.Parse(capture.Bodies.First());
        var root = envelope.RootElement;
        Assert.Equal("1", root.GetProperty("version").GetString());
        Assert.Matches("^[0-9a-f]{32}$", root.GetProperty("requestId").GetString());
        Assert.Equal("T-07", root.GetProperty("terminalId").GetString());
        var fields = root.GetProperty("step1");
        string[] names = ["regionCode", "atrHistoricalBytes", "algorithm", "cardIdentificationCode", "internalAuthInput", "internalAuthData",
            "externalAuthInput", "externalAuthData"];
        Assert.Equal(step1.Request.ToStandardFormat().Split('|')[..8], names.Select(n => fields.GetProperty(n).GetString()));
        // The capturing handler answered 200 for another request: a broken envelope, which a retry would not mend.
        Assert.Single(capture.Bodies);
    }

    [Fact]
    public async Task A_platform_that_is_down_makes_the_check_unavailable_and_says_so_in_the_health()
    {
        var hsm = Adapter();
        var (card, channel) = await CardAsync(SimCard.ThirdGen().Build());
        _platform.InjectFault(HsmPlatformFault.Down);

        var error = await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new HsmAuthenticator(hsm).AuthenticateAsync(channel, Context(card), CancellationToken.None));

        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", hsm.Health.LastFailure, StringComparison.Ordinal);
        Assert.Equal(0x6982, (await ReadHolderRecordAsync(channel)).Value);
    }

    [Fact]
    public async Task A_slow_platform_times_out_each_attempt_and_is_retried_once()
    {
        // An attempt's time is long enough for its request to reach the platform on a loaded machine: the test counts
        // the attempts the platform saw.
        var hsm = Adapter(Options(o => (o.CallTimeout, o.MaxRetries) = (TimeSpan.FromSeconds(1), 1)));
        var (card, channel) = await CardAsync(SimCard.ThirdGen().Build());
        _platform.InjectFault(HsmPlatformFault.Slow, TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new HsmAuthenticator(hsm, TimeSpan.FromSeconds(8)).AuthenticateAsync(channel, Context(card), CancellationToken.None));

        Assert.Contains("within 1000 ms", error.Message, StringComparison.Ordinal);
        await WaitForAsync(() => _platform.Requests == 2);
    }

    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Server_errors_open_the_breaker_and_then_cards_fail_without_asking_until_a_probe_succeeds()
    {
        var hsm = Adapter(Options(o => (o.MaxRetries, o.BreakerMinimumThroughput, o.BreakerFailureRatio, o.BreakDuration) =
            (0, 2, 1, BreakDuration)));
        var changes = new List<HsmAvailability>();
        hsm.HealthChanged += (_, health) => changes.Add(health.Availability);
        var outcomes = new List<HsmCallOutcome>();
        hsm.Called += (_, call) => outcomes.Add(call.Outcome);
        _platform.InjectFault(HsmPlatformFault.ServerError);

        for (var i = 0; i < 2; i++)
        {
            var (failing, failingChannel) = await CardAsync(SimCard.ThirdGen().Build());
            await Assert.ThrowsAsync<AuthenticationUnavailableException>(
                () => new HsmAuthenticator(hsm).AuthenticateAsync(failingChannel, Context(failing), CancellationToken.None));
        }
        Assert.Equal(HsmAvailability.Unavailable, hsm.Health.Availability);
        _platform.ClearFaults();
        var (card, channel) = await CardAsync(SimCard.ThirdGen().Build());
        var broken = await Assert.ThrowsAsync<AuthenticationUnavailableException>(
            () => new HsmAuthenticator(hsm).AuthenticateAsync(channel, Context(card), CancellationToken.None));
        Assert.Contains("not asked", broken.Message, StringComparison.Ordinal);
        Assert.Equal(2, _platform.Requests);

        // The breaker's clock is the system's: the break is long enough that no stall of this machine reopens it before
        // the refused call above, and the wait outlasts it.
        await Task.Delay(BreakDuration + TimeSpan.FromMilliseconds(200));
        (card, channel) = await CardAsync(SimCard.ThirdGen().Build());
        Assert.Equal(KeyAuthority.Hsm, await new HsmAuthenticator(hsm).AuthenticateAsync(channel, Context(card), CancellationToken.None));

        Assert.Equal(HsmAvailability.Available, hsm.Health.Availability);
        Assert.Equal([HsmAvailability.Unavailable, HsmAvailability.Probing, HsmAvailability.Available], changes);
        Assert.Equal([HsmCallOutcome.Unavailable, HsmCallOutcome.Unavailable, HsmCallOutcome.Unavailable, HsmCallOutcome.Answered], outcomes);
        Assert.Equal((3, 1, 0), (hsm.CallsEnded(HsmCallOutcome.Unavailable), hsm.CallsEnded(HsmCallOutcome.Answered), hsm.CallsEnded(HsmCallOutcome.Refused)));
    }

    [Fact]
    public async Task A_refusal_is_the_platforms_answer_not_a_failure_of_it()
    {
        var hsm = Adapter(Options(o => (o.BreakerMinimumThroughput, o.BreakerFailureRatio) = (2, 1)));
        var (card, channel) = await CardAsync(SimCard.ThirdGen().Build());
        var step1 = await HsmAuthenticator.BeginAsync(channel, Context(card), default, CancellationToken.None);
        var ssf33 = step1.Request with { Algorithm = CardAlgorithm.Ssf33 };

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<AuthenticationUnavailableException>(() => hsm.AuthenticateAsync(ssf33, CancellationToken.None));
            Assert.Contains("code 2", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(3, _platform.Requests);
        Assert.Equal(HsmAvailability.Available, hsm.Health.Availability);
        Assert.Null(hsm.Health.LastFailure);
    }

    [Fact]
    public async Task Wrong_cryptograms_from_the_platform_make_the_card_fail_the_check_before_any_external_authenticate()
    {
        var hsm = Adapter();
        var (card, channel) = await CardAsync(SimCard.ThirdGen().Build());
        _platform.InjectFault(HsmPlatformFault.WrongCryptogram);

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => new HsmAuthenticator(hsm).AuthenticateAsync(channel, Context(card), CancellationToken.None));

        Assert.Equal(0x6982, (await ReadHolderRecordAsync(channel)).Value);
        Assert.Equal(HsmAvailability.Available, hsm.Health.Availability);
    }

    [Fact]
    public async Task A_forged_card_is_not_genuine_through_the_platform()
    {
        var (card, channel) = await CardAsync(SimCard.ThirdGen().Forged().Build());

        await Assert.ThrowsAsync<CardNotGenuineException>(
            () => new HsmAuthenticator(Adapter()).AuthenticateAsync(channel, Context(card), CancellationToken.None));
    }

    [Fact]
    public void Options_without_a_service_uri_or_with_half_a_client_certificate_are_refused()
    {
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => new HttpRemoteHsm(Http, new HsmOptions(), TimeProvider.System, NullLogger<HttpRemoteHsm>.Instance));
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => new HttpRemoteHsm(Http, Options(o => o.ClientCertificatePath = "client.pem"), TimeProvider.System, NullLogger<HttpRemoteHsm>.Instance));
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => new HttpRemoteHsm(Http, Options(o => (o.Timeout, o.CallTimeout) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))),
                TimeProvider.System, NullLogger<HttpRemoteHsm>.Instance));
    }

    private HsmOptions Options(Action<HsmOptions>? change = null)
    {
        var options = new HsmOptions { ServiceUri = _platform.ServiceUri, RetryBaseDelay = TimeSpan.Zero };
        change?.Invoke(options);
        return options;
    }

    private HttpRemoteHsm Adapter(HsmOptions? options = null) =>
        new(Http, options ?? Options(), TimeProvider.System, NullLogger<HttpRemoteHsm>.Instance);

    private static CardKeyContext Context(SimulatedSocialSecurityCard card) => new(card.CardIdentificationCode, card.Algorithm);

    private static async Task<(SimulatedSocialSecurityCard Card, ICardChannel Channel)> CardAsync(SimulatedSocialSecurityCard card)
    {
        var channel = new CardChannel(new SimulatedCardTransport(card));
        var select = await channel.TransmitAsync(CommandApdu.SelectByName(SsseAid), CancellationToken.None);
        Assert.Equal(StatusWord.Success, select.StatusWord);
        return (card, channel);
    }

    private static async Task<StatusWord> ReadHolderRecordAsync(ICardChannel channel) =>
        (await channel.TransmitAsync(CommandApdu.ReadRecord(0x06, 1, 0x14), CancellationToken.None)).StatusWord;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<byte[]> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(await request.Content!.ReadAsByteArrayAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"code":0,"requestId":"another"}""") };
        }
    }
}
