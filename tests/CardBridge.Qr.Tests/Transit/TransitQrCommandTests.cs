using System.CommandLine;
using CardBridge.HardwareSim.Qr.Transit;
using CardBridge.Qr.Transit;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.Qr.Tests.Transit;

// The command prints codes made with the wall clock, so the verifier here reads the system time.
public sealed class TransitQrCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { TransitQrCommand.Create() };
        var exitCode = await root.Parse(["qr-code", "transit", .. args])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error })
            .WaitAsync(TimeSpan.FromSeconds(10));
        return (exitCode, output.ToString().Trim(), error.ToString());
    }

    private static TransitQrVerifier SystemClockVerifier() =>
        new(new TransitQrOptions { RootPublicKeys = new Dictionary<byte, string>(SimTransitQrKeys.Default.TrustedRootPublicKeys) },
            TimeProvider.System);

    [Fact]
    public async Task Valid_kind_prints_one_code_that_verifies_to_the_profiles_card_number()
    {
        var (exitCode, output, _) = await RunAsync("--kind", "valid", "--holder", "third-gen");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain('\n', output);
        Assert.StartsWith("SIM", SystemClockVerifier().Verify(output).AccountId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expired", typeof(QrExpiredException))]
    [InlineData("tampered", typeof(QrBadSignatureException))]
    [InlineData("unknown-issuer", typeof(QrUnknownIssuerException))]
    public async Task Each_refused_kind_prints_a_code_the_verifier_refuses_for_that_reason(string kind, Type refusal)
    {
        var (exitCode, output, _) = await RunAsync("--kind", kind);

        Assert.Equal(0, exitCode);
        Assert.IsType(refusal, Record.Exception(() => SystemClockVerifier().Verify(output)));
    }

    [Fact]
    public async Task Roots_prints_the_index_and_key_a_terminal_trusts()
    {
        var (exitCode, output, _) = await RunAsync("--roots");

        Assert.Equal(0, exitCode);
        Assert.Equal($"{SimTransitQrKeys.RootIndex} {SimTransitQrKeys.Default.TrustedRootPublicKeys[SimTransitQrKeys.RootIndex]}", output);
    }

    [Fact]
    public async Task Profile_without_a_card_number_is_an_error_not_a_code()
    {
        var (exitCode, output, error) = await RunAsync("--holder", "psam");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("cardNumber", error, StringComparison.Ordinal);
    }
}
