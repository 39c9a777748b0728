using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using CardBridge.HardwareSim.Qr.Platform;
using CardBridge.HardwareSim.Qr.Scanner;
using CardBridge.HardwareSim.Tests.Vpcd;
using CardBridge.Simulation.Qr.Platform;

namespace CardBridge.HardwareSim.Tests.Qr;

[Trait("Category", "Integration")]
public sealed class PlatformIssueTests : IAsyncDisposable
{
    private const int Success = 0;
    private const int Expired = 10001;
    private const int Used = 10002;
    private const int Unknown = 10003;

    private readonly ManualTimeProvider _clock = new();
    private readonly SimulatedQrPlatform _platform;
    private readonly PlatformClient _client;

    public PlatformIssueTests()
    {
        _platform = SimulatedQrPlatform.Start(new SimulatedQrPlatformOptions(), _clock);
        _client = new PlatformClient(_platform);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _platform.DisposeAsync();
    }

    [Theory]
    [InlineData("evoucher", SimQrCodeType.EVoucher, "ECV1.")]
    [InlineData("essc", SimQrCodeType.SocialSecurityCard, "ESSC1.")]
    public async Task Code_issued_over_http_verifies_at_the_platform_as_its_holder(string type, SimQrCodeType endpoint, string prefix)
    {
        var holder = _platform.Holders.Single(h => h.ProfileName == "third-gen");

        var code = await _client.IssueCodeAsync(type, "third-gen", 60);

        Assert.StartsWith(prefix, code, StringComparison.Ordinal);
        var (answer, data) = await _client.VerifyAsync(endpoint, code);
        Assert.Equal(Success, answer);
        Assert.Equal(holder.IdNumber, data!.Value.GetProperty("idNo").GetString());
        Assert.Equal(holder.Name, data.Value.GetProperty("userName").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public async Task Code_issued_with_no_validity_left_is_already_expired(int validitySeconds)
    {
        var code = await _client.IssueCodeAsync("evoucher", "third-gen", validitySeconds);

        Assert.Equal(Expired, (await _client.VerifyAsync(SimQrCodeType.EVoucher, code)).Code);
    }

    [Fact]
    public async Task Code_verified_after_its_validity_lapsed_is_expired()
    {
        var code = await _client.IssueCodeAsync("essc", "third-gen", 5);

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(Expired, (await _client.VerifyAsync(SimQrCodeType.SocialSecurityCard, code)).Code);
    }

    [Fact]
    public async Task Code_with_one_token_character_changed_is_unknown_to_the_platform()
    {
        var code = await _client.IssueCodeAsync("evoucher", "third-gen", 60);

        Assert.Equal(Unknown, (await _client.VerifyAsync(SimQrCodeType.EVoucher, PlatformCodeIssuer.Tamper(code))).Code);
        Assert.Equal(Success, (await _client.VerifyAsync(SimQrCodeType.EVoucher, code)).Code);
    }

    [Theory]
    [InlineData("{\"type\":\"bus\",\"holder\":\"third-gen\"}")]
    [InlineData("{\"type\":\"essc\",\"holder\":\"no-such-profile\"}")]
    [InlineData("{\"type\":\"essc\"}")]
    [InlineData("{\"type\":\"essc\",\"holder\":\"third-gen\",\"validitySeconds\":\"soon\"}")]
    [InlineData("not json")]
    public async Task Issue_request_the_platform_cannot_serve_is_answered_400_with_the_reason(string request)
    {
        var (status, body) = await _client.IssueAsync(request);

        Assert.Equal(400, status);
        Assert.NotEmpty(body);
    }

    [Fact]
    public void Console_issues_an_already_expired_code_for_zero_or_negative_seconds()
    {
        var zero = QrPlatformCommand.Execute(_platform, "issue evoucher third-gen 0");
        var negative = QrPlatformCommand.Execute(_platform, "issue essc third-gen -30");

        Assert.StartsWith("ECV1.", zero, StringComparison.Ordinal);
        Assert.StartsWith("ESSC1.", negative, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SimQrCodeType.EVoucher, ScannerCodeVariant.Valid, Success)]
    [InlineData(SimQrCodeType.EVoucher, ScannerCodeVariant.Expired, Expired)]
    [InlineData(SimQrCodeType.EVoucher, ScannerCodeVariant.Tampered, Unknown)]
    [InlineData(SimQrCodeType.SocialSecurityCard, ScannerCodeVariant.Valid, Success)]
    [InlineData(SimQrCodeType.SocialSecurityCard, ScannerCodeVariant.Expired, Expired)]
    [InlineData(SimQrCodeType.SocialSecurityCard, ScannerCodeVariant.Tampered, Unknown)]
    public async Task Scanner_issuer_gets_codes_the_platform_answers_as_their_variant_says(SimQrCodeType type, ScannerCodeVariant variant, int answer)
    {
        var issuer = new PlatformCodeIssuer(_client.Http, _platform.ServiceUri, type, "third-gen");

        var code = await issuer.IssueAsync(variant, CancellationToken.None);

        Assert.Equal(answer, (await _client.VerifyAsync(type, code)).Code);
    }

    [Fact]
    public async Task Scanner_issuer_reports_a_refused_holder_as_a_code_issue_error()
    {
        var issuer = new PlatformCodeIssuer(_client.Http, _platform.ServiceUri, SimQrCodeType.EVoucher, "no-such-profile");

        var e = await Assert.ThrowsAsync<CodeIssueException>(() => issuer.IssueAsync(ScannerCodeVariant.Valid, CancellationToken.None));

        Assert.Contains("HTTP 400", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_scanner_driven_from_stdin_reads_platform_codes_the_platform_then_accepts_refuses_or_finds_used()
    {
        var console = new ConsoleLines();
        var run = new RootCommand { QrScannerCommand.Create(console.Input) }
            .Parse(["qr", "--tcp-listen", "0", "--code", "essc", "--holder", "third-gen", "--platform", _platform.ServiceUri.ToString(),
                "--stdin", "--interval", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Output }, CancellationToken.None);
        var listening = await console.NextPrintedAsync();
        Assert.StartsWith("listening 127.0.0.1:", listening, StringComparison.Ordinal);
        using var terminal = new TcpClient();
        await terminal.ConnectAsync("127.0.0.1", int.Parse(listening["listening 127.0.0.1:".Length..], System.Globalization.CultureInfo.InvariantCulture));
        using var scans = new StreamReader(terminal.GetStream(), Encoding.UTF8);
        Assert.Equal(ScannerSession.Help, await console.NextPrintedAsync());

        console.Type("valid");
        var valid = await NextScanAsync(scans);
        Assert.Equal($"sent essc valid {valid.Length} chars", await console.NextPrintedAsync());
        Assert.Equal(Success, (await _client.VerifyAsync(SimQrCodeType.SocialSecurityCard, valid)).Code);

        console.Type("replay");
        Assert.Equal(valid, await NextScanAsync(scans));
        Assert.Equal($"sent essc replay {valid.Length} chars", await console.NextPrintedAsync());
        Assert.Equal(Used, (await _client.VerifyAsync(SimQrCodeType.SocialSecurityCard, valid)).Code);

        console.Type("tampered");
        Assert.Equal(Unknown, (await _client.VerifyAsync(SimQrCodeType.SocialSecurityCard, await NextScanAsync(scans))).Code);
        Assert.StartsWith("sent essc tampered ", await console.NextPrintedAsync(), StringComparison.Ordinal);

        console.Type("expired");
        Assert.Equal(Expired, (await _client.VerifyAsync(SimQrCodeType.SocialSecurityCard, await NextScanAsync(scans))).Code);
        Assert.StartsWith("sent essc expired ", await console.NextPrintedAsync(), StringComparison.Ordinal);

        console.Type("quit");
        Assert.Equal("bye", await console.NextPrintedAsync());
        Assert.Equal(0, await run.WaitAsync(PtyPair.Timeout));
    }

    // The default suffix is CR: one scan is everything up to it.
    private static async Task<string> NextScanAsync(StreamReader scans)
    {
        using var timeout = new CancellationTokenSource(PtyPair.Timeout);
        var scan = new StringBuilder();
        var one = new char[1];
        while (await scans.ReadAsync(one.AsMemory(), timeout.Token) == 1 && one[0] != '\r')
        {
            scan.Append(one[0]);
        }
        return scan.ToString();
    }
}
