using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Configuration;

[Trait("Category", "Integration")]
public sealed class ConfigurationProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private static async Task<(int Code, string Stderr)> RunAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        await using var service = ServiceProcess.Start(args, environment);
        var code = await service.ExitCodeAsync(ExitTimeout);
        return (code, service.StandardError);
    }

    private static void AssertOneFailurePerLine(string stderr, string key)
    {
        var line = Assert.Single(stderr.Split('\n'), l => l.Contains(key, StringComparison.Ordinal));
        Assert.StartsWith("  " + key, line.TrimEnd('\r'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_scope_on_the_command_line_exits_2_naming_the_key()
    {
        var (code, stderr) = await RunAsync(["--simulate", "--Listeners:LoopbackPort=0", "--Security:Clients:0:Id=his",
            "--Security:Clients:0:CertificateThumbprints:0=" + new string('a', 64), "--Security:Clients:0:Scopes:0=bogus"]);

        Assert.Equal(2, code);
        AssertOneFailurePerLine(stderr, "Security:Clients:0:Scopes:0");
    }

    [Fact]
    public async Task Port_out_of_range_exits_2_naming_the_key()
    {
        var (code, stderr) = await RunAsync(["--simulate", "--Listeners:LoopbackPort=70000"]);

        Assert.Equal(2, code);
        AssertOneFailurePerLine(stderr, "Listeners:LoopbackPort");
    }

    [Fact]
    public async Task Missing_pseudonym_key_outside_simulation_exits_2_naming_the_key()
    {
        var (code, stderr) = await RunAsync(["--Listeners:LoopbackPort=0"]);

        Assert.Equal(2, code);
        AssertOneFailurePerLine(stderr, "Security:PseudonymKey");
    }

    [Fact]
    public async Task Environment_variables_with_the_CARDBRIDGE_prefix_are_read()
    {
        var (code, stderr) = await RunAsync(["--simulate"], new() { ["CARDBRIDGE_Listeners__LoopbackPort"] = "70001" });

        Assert.Equal(2, code);
        Assert.Contains("Listeners:LoopbackPort: 70001", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faults_in_several_sections_all_exit_2_each_on_its_own_line()
    {
        var (code, stderr) = await RunAsync(["--simulate", "--Listeners:LoopbackPort=70000", "--Audit:RetainedFiles=0"]);

        Assert.Equal(2, code);
        AssertOneFailurePerLine(stderr, "Listeners:LoopbackPort");
        AssertOneFailurePerLine(stderr, "Audit:RetainedFiles");
    }

    [Fact]
    public async Task Bad_log_level_exits_2_naming_the_key()
    {
        var (code, stderr) = await RunAsync(["--simulate", "--Listeners:LoopbackPort=0", "--Logs:RetainedFiles=0"]);

        Assert.Equal(2, code);
        Assert.Contains("Logs:RetainedFiles", stderr, StringComparison.Ordinal);
    }
}
