using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Journal;

[Trait("Category", "Integration")]
public sealed class SettlementConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private static async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        await using var service = ServiceProcess.Start(args);
        var code = await service.ExitCodeAsync(ExitTimeout);
        return (code, service.StandardError);
    }

    private static void AssertNamed(string stderr, string key)
    {
        var line = Assert.Single(stderr.Split('\n'), l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        Assert.StartsWith("  " + key + ":", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Settlement:TerminalId=12345", "Settlement:TerminalId")]
    [InlineData("--Settlement:TerminalId=99990000000A", "Settlement:TerminalId")]
    [InlineData("--Journal:EncryptionKey=not-base64", "Journal:EncryptionKey")]
    [InlineData("--Journal:UploadInterval=00:00:00", "Journal:UploadInterval")]
    [InlineData("--Journal:BusyTimeout=00:00:00", "Journal:BusyTimeout")]
    [InlineData("--Centre:ServiceUri=ftp://127.0.0.1/centre", "Centre:ServiceUri")]
    [InlineData("--Centre:InstitutionCode=", "Centre:InstitutionCode")]
    [InlineData("--Centre:MaxRetries=11", "Centre:MaxRetries")]
    public async Task Bad_settlement_setting_exits_2_naming_the_key(string setting, string key)
    {
        var (code, stderr) = await RunAsync("--simulate", "--Listeners:LoopbackPort=0", setting);

        Assert.Equal(2, code);
        AssertNamed(stderr, key);
    }

    [Fact]
    public async Task Setting_that_is_not_a_value_of_its_type_exits_2_naming_the_key()
    {
        var (code, stderr) = await RunAsync("--simulate", "--Listeners:LoopbackPort=0", "--Journal:UploadInterval=soon");

        Assert.Equal(2, code);
        Assert.Contains("'Journal:UploadInterval'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_simulation_the_journal_keys_the_centre_and_the_terminal_must_be_configured()
    {
        var (code, stderr) = await RunAsync("--Listeners:LoopbackPort=0",
            "--Security:PseudonymKey=" + Convert.ToBase64String(new byte[32]));

        Assert.Equal(2, code);
        foreach (var key in new[] { "Journal:EncryptionKey", "Journal:IntegrityKey", "Centre:ServiceUri", "Centre:InstitutionCode", "Settlement:TerminalId" })
        {
            AssertNamed(stderr, key);
        }
    }
}
