using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CardBridge.Qr.Platform;
using CardBridge.Simulation.Qr.Platform;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Tests.Platform;

[Trait("Category", "Integration")]
public sealed class HttpQrVerifierTests : IAsyncLifetime, IDisposable
{
    private static readonly QrVerifyContext Registration = new("H99000100001", QrBusinessType.Registration, "OP001", "测试操作员");
    private static readonly TimeSpan Validity = TimeSpan.FromMinutes(1);

    private readonly ManualClock _clock = new();
    private readonly HttpClient _http = new();
    private SimulatedQrPlatform _platform = null!;

    public Task InitializeAsync()
    {
        _platform = SimulatedQrPlatform.Start(new SimulatedQrPlatformOptions(), _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Valid_e_voucher_code_verifies_to_its_holder_with_the_ec_token()
    {
        var code = Issue(SimQrCodeType.EVoucher, "third-gen");

        var credential = await Verifier().VerifyAsync(code, Registration, CancellationToken.None);

        Assert.Equal(PlatformQrCodeType.EVoucher, credential.CodeType);
        Assert.Equal("测试甲", credential.Name);
        Assert.Equal("990001199001010013", credential.IdNumber);
        Assert.Equal("01", credential.IdType);
        Assert.Equal("990001", credential.InsuranceOrg);
        Assert.Equal("SIMEC-SIM000001", credential.EcToken);
        Assert.Null(credential.CardNumber);
    }

    [Theory]
    [InlineData(QrBusinessType.OutpatientSettlement)]
    [InlineData(QrBusinessType.Dispensing)]
    [InlineData(QrBusinessType.Pharmacy)]
    public async Task Valid_e_SSC_code_verifies_to_its_holder_with_the_card_number(QrBusinessType business)
    {
        var holder = _platform.Holders.First(h => h.ProfileName == "second-gen");
        var code = Issue(SimQrCodeType.SocialSecurityCard, holder.ProfileName);

        var credential = await Verifier().VerifyAsync(code, Registration with { BusinessType = business }, CancellationToken.None);

        Assert.Equal(PlatformQrCodeType.SocialSecurityCard, credential.CodeType);
        Assert.Equal(holder.Name, credential.Name);
        Assert.Equal(holder.IdNumber, credential.IdNumber);
        Assert.Equal(holder.CardNumber, credential.CardNumber);
        Assert.Null(credential.EcToken);
    }

    [Fact]
    public async Task Code_past_its_validity_window_is_refused_as_expired()
    {
        var code = Issue(SimQrCodeType.EVoucher, "third-gen");
        _clock.Advance(Validity + TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<PlatformQrRejectedException>(() => Verifier().VerifyAsync(code, Registration, CancellationToken.None));

        Assert.Equal(PlatformQrRejectedException.Expired, e.PlatformReason);
    }

    [Fact]
    public async Task Code_verified_once_is_refused_as_used_the_second_time()
    {
        var code = Issue(SimQrCodeType.SocialSecurityCard, "third-gen");
        var verifier = Verifier();
        await verifier.VerifyAsync(code, Registration, CancellationToken.None);

        var e = await Assert.ThrowsAsync<PlatformQrRejectedException>(() => verifier.VerifyAsync(code, Registration, CancellationToken.None));

        Assert.Equal(PlatformQrRejectedException.Used, e.PlatformReason);
    }

    [Fact]
    public async Task Well_formed_code_the_platform_never_issued_is_refused_as_unknown()
    {
        var code = PlatformQrCode.Parse(PlatformQrCode.EVoucherPrefix + new string('Q', 43));

        var e = await Assert.ThrowsAsync<PlatformQrRejectedException>(() => Verifier().VerifyAsync(code, Registration, CancellationToken.None));

        Assert.Equal(PlatformQrRejectedException.Unknown, e.PlatformReason);
    }

    [Fact]
    public async Task Code_the_platform_does_not_read_as_its_own_is_refused_as_malformed()
    {
        var code = PlatformQrCode.Parse(PlatformQrCode.SocialSecurityCardPrefix + new string('Q', 100));

        var e = await Assert.ThrowsAsync<PlatformQrRejectedException>(() => Verifier().VerifyAsync(code, Registration, CancellationToken.None));

        Assert.Equal(PlatformQrRejectedException.Malformed, e.PlatformReason);
    }

    [Fact]
    public async Task Platform_that_is_down_is_unavailable_as_unreachable_and_the_code_still_verifies_once_it_is_back()
    {
        var code = Issue(SimQrCodeType.EVoucher, "third-gen");
        _platform.InjectFault(QrPlatformFault.Down);
        var verifier = Verifier();

        var e = await Assert.ThrowsAsync<QrVerifierUnavailableException>(() => verifier.VerifyAsync(code, Registration, CancellationToken.None));
        _platform.ClearFaults();

        Assert.Equal(QrVerifierFailure.Unreachable, e.Failure);
        Assert.Equal("测试甲", (await verifier.VerifyAsync(code, Registration, CancellationToken.None)).Name);
    }

    [Fact]
    public async Task Slow_platform_is_unavailable_as_timeout_after_the_call_timeout()
    {
        var code = Issue(SimQrCodeType.EVoucher, "third-gen");
        _platform.InjectFault(QrPlatformFault.Slow, TimeSpan.FromSeconds(20));
        var verifier = Verifier(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<QrVerifierUnavailableException>(() => verifier.VerifyAsync(code, Registration, CancellationToken.None));

        Assert.Equal(QrVerifierFailure.Timeout, e.Failure);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Server_error_is_unavailable_with_its_status_and_leaves_the_code_unused()
    {
        var code = Issue(SimQrCodeType.SocialSecurityCard, "third-gen");
        _platform.InjectFault(QrPlatformFault.ServerError);
        var verifier = Verifier();

        var e = await Assert.ThrowsAsync<QrVerifierUnavailableException>(() => verifier.VerifyAsync(code, Registration, CancellationToken.None));
        _platform.ClearFaults();

        Assert.Equal(QrVerifierFailure.HttpError, e.Failure);
        Assert.Equal(500, e.HttpStatus);
        Assert.Equal("SIM000001", (await verifier.VerifyAsync(code, Registration, CancellationToken.None)).CardNumber);
    }

    [Fact]
    public async Task Malformed_answer_is_unavailable_as_malformed_answer()
    {
        var code = Issue(SimQrCodeType.EVoucher, "third-gen");
        _platform.InjectFault(QrPlatformFault.MalformedAnswer);

        var e = await Assert.ThrowsAsync<QrVerifierUnavailableException>(() => Verifier().VerifyAsync(code, Registration, CancellationToken.None));

        Assert.Equal(QrVerifierFailure.MalformedAnswer, e.Failure);
    }

    [Fact]
    public async Task Answer_larger_than_the_limit_is_unavailable_as_malformed_answer()
    {
        var code = Issue(SimQrCodeType.EVoucher, "third-gen");
        var verifier = new HttpQrVerifier(_http,
            new PlatformQrOptions { EVoucherUri = _platform.EVoucherUri, MaxResponseBytes = 64 }, TimeProvider.System,
            NullLogger<HttpQrVerifier>.Instance);

        var e = await Assert.ThrowsAsync<QrVerifierUnavailableException>(() => verifier.VerifyAsync(code, Registration, CancellationToken.None));

        Assert.Equal(QrVerifierFailure.MalformedAnswer, e.Failure);
    }

    [Fact]
    public async Task Caller_cancellation_ends_the_call_with_OperationCanceledException_not_a_QrException()
    {
        var code = Issue(SimQrCodeType.EVoucher, "third-gen");
        _platform.InjectFault(QrPlatformFault.Slow, TimeSpan.FromSeconds(20));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Verifier(TimeSpan.FromSeconds(30)).VerifyAsync(code, Registration, cancel.Token));

        Assert.Equal(cancel.Token, e.CancellationToken);
    }

    [Fact]
    public async Task Code_of_a_kind_without_a_configured_platform_is_unavailable_as_not_configured()
    {
        var code = Issue(SimQrCodeType.SocialSecurityCard, "third-gen");
        var verifier = new HttpQrVerifier(_http, new PlatformQrOptions { EVoucherUri = _platform.EVoucherUri }, TimeProvider.System,
            NullLogger<HttpQrVerifier>.Instance);

        var e = await Assert.ThrowsAsync<QrVerifierUnavailableException>(() => verifier.VerifyAsync(code, Registration, CancellationToken.None));

        Assert.Equal(QrVerifierFailure.NotConfigured, e.Failure);
    }

    [Fact]
    public void Options_without_any_platform_are_refused()
    {
        Assert.Throws<ValidationException>(() =>
            new HttpQrVerifier(_http, new PlatformQrOptions(), TimeProvider.System, NullLogger<HttpQrVerifier>.Instance));
    }

    [Theory]
    [InlineData("", "OP001")]
    [InlineData("H99000100001", "")]
    [InlineData("H9900 0100001", "OP001")]
    public async Task Context_with_a_field_out_of_range_is_an_argument_error(string org, string operatorId)
    {
        var code = Issue(SimQrCodeType.EVoucher, "third-gen");

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Verifier().VerifyAsync(code, new QrVerifyContext(org, QrBusinessType.Registration, operatorId), CancellationToken.None));
    }

    [Fact]
    public async Task Credential_ToString_masks_every_personal_field()
    {
        var credential = await Verifier().VerifyAsync(Issue(SimQrCodeType.EVoucher, "third-gen"), Registration, CancellationToken.None);

        var shown = credential.ToString();

        Assert.DoesNotContain("测试甲", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("990001199001010013", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("SIMEC-SIM000001", shown, StringComparison.Ordinal);
        Assert.Contains("测**", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_issued_over_the_simulator_http_issue_endpoint_verifies()
    {
        // The simulator reads Content-Length bodies only, so the request is not streamed chunked.
        using var request = new StringContent("{\"type\":\"essc\",\"holder\":\"third-gen\",\"validitySeconds\":30}", Encoding.UTF8, "application/json");
        using var answer = await _http.PostAsync(new Uri(_platform.ServiceUri, "sim/issue"), request);
        answer.EnsureSuccessStatusCode();
        using var issued = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var code = PlatformQrCode.Parse(issued.RootElement.GetProperty("code").GetString());

        var credential = await Verifier().VerifyAsync(code, Registration, CancellationToken.None);

        Assert.Equal("SIM000001", credential.CardNumber);
    }

    private PlatformQrCode Issue(SimQrCodeType type, string profile) => PlatformQrCode.Parse(_platform.IssueCode(type, profile, Validity));

    private HttpQrVerifier Verifier(TimeSpan? timeout = null) => new(_http,
        new PlatformQrOptions
        {
            EVoucherUri = _platform.EVoucherUri,
            SocialSecurityCardUri = _platform.SocialSecurityCardUri,
            CallTimeout = timeout ?? TimeSpan.FromSeconds(5),
        },
        TimeProvider.System, NullLogger<HttpQrVerifier>.Instance);
}
