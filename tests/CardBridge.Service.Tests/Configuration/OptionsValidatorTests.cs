using CardBridge.Service.Configuration;
using CardBridge.Service.Simulation;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Tests.Configuration;

public sealed class OptionsValidatorTests
{
    private static readonly string GoodKey = Convert.ToBase64String(new byte[32]);

    private static string OnlyFailure(ValidateOptionsResult result)
    {
        Assert.True(result.Failed);
        return Assert.Single(result.Failures!);
    }

    [Theory]
    [InlineData(70000)]
    [InlineData(-2)]
    public void Loopback_port_out_of_range_names_Listeners_LoopbackPort(int port) =>
        Assert.StartsWith("Listeners:LoopbackPort:", OnlyFailure(new ListenerOptionsValidator().Validate(null, new ListenerOptions { LoopbackPort = port })), StringComparison.Ordinal);

    [Fact]
    public void Tls_listener_faults_name_their_index_and_key()
    {
        var result = new ListenerOptionsValidator().Validate(null, new ListenerOptions
        {
            Tls = [new TlsListenerOptions { Address = "not-an-ip", Port = 443, CertificatePath = "/nonexistent/cert.pem", KeyPath = "" }],
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("Listeners:Tls:0:Address:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Listeners:Tls:0:CertificatePath:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Listeners:Tls:0:KeyPath:", StringComparison.Ordinal));
    }

    [Fact]
    public void No_listener_at_all_names_Listeners() =>
        Assert.StartsWith("Listeners:", OnlyFailure(new ListenerOptionsValidator().Validate(null, new ListenerOptions { LoopbackPort = -1 })), StringComparison.Ordinal);

    [Fact]
    public void Missing_pseudonym_key_names_Security_PseudonymKey() =>
        Assert.StartsWith("Security:PseudonymKey:", OnlyFailure(new SecurityOptionsValidator().Validate(null, new SecurityOptions())), StringComparison.Ordinal);

    [Fact]
    public void Short_pseudonym_key_names_Security_PseudonymKey() =>
        Assert.StartsWith("Security:PseudonymKey:", OnlyFailure(new SecurityOptionsValidator().Validate(null,
            new SecurityOptions { PseudonymKey = Convert.ToBase64String(new byte[8]) })), StringComparison.Ordinal);

    [Fact]
    public void Unknown_scope_names_its_index()
    {
        var failure = OnlyFailure(new SecurityOptionsValidator().Validate(null, new SecurityOptions
        {
            PseudonymKey = GoodKey,
            LocalScopes = ["identity.basic", "bogus"],
        }));

        Assert.StartsWith("Security:LocalScopes:1:", failure, StringComparison.Ordinal);
        Assert.Contains("bogus", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_faults_name_the_client_and_key()
    {
        var result = new SecurityOptionsValidator().Validate(null, new SecurityOptions
        {
            PseudonymKey = GoodKey,
            Clients =
            [
                new ClientOptions { Id = "his", ApiKeyHashes = ["plain-key"], CertificateThumbprints = ["abc"] },
                new ClientOptions { Id = "his" },
            ],
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("Security:Clients:0:ApiKeyHashes:0:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Security:Clients:0:CertificateThumbprints:0:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Security:Clients:1:Id:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Security:Clients:1:", StringComparison.Ordinal) && f.Contains("never authenticate", StringComparison.Ordinal));
    }

    [Fact]
    public void Psam_key_index_out_of_range_names_Readers_PsamKeyIndex() =>
        Assert.StartsWith("Readers:PsamKeyIndex:", OnlyFailure(new ReaderOptionsValidator().Validate(null, new ReaderOptions { PsamKeyIndex = 0 })), StringComparison.Ordinal);

    [Fact]
    public void Simulation_faults_name_their_key()
    {
        var result = new SimulationOptionsValidator().Validate(null, new SimulationOptions
        {
            Enabled = true,
            Readers = ["R0"],
            InitialCards = new() { ["R9"] = "no-such-profile" },
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("Simulation:InitialCards:R9:", StringComparison.Ordinal) && f.Contains("reader", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Simulation:InitialCards:R9:", StringComparison.Ordinal) && f.Contains("no-such-profile", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulation_without_readers_names_Simulation_Readers() =>
        Assert.StartsWith("Simulation:Readers:", OnlyFailure(new SimulationOptionsValidator().Validate(null, new SimulationOptions { Enabled = true })), StringComparison.Ordinal);

    [Fact]
    public void Audit_faults_name_their_key()
    {
        var result = new AuditOptionsValidator().Validate(null, new AuditOptions { Path = "", RetainedFiles = 0 });

        Assert.Contains(result.Failures!, f => f.StartsWith("Audit:Path:", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Audit:RetainedFiles:", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_faults_name_their_key()
    {
        var failures = LogOptionsValidator.Check(new LogOptions { RetainedFiles = 0, MinimumLevel = (Serilog.Events.LogEventLevel)42 });

        Assert.Contains(failures, f => f.StartsWith("Logs:RetainedFiles:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Logs:MinimumLevel:", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_failure_is_one_line()
    {
        var result = new SecurityOptionsValidator().Validate(null, new SecurityOptions { LocalScopes = ["x"], Clients = [new ClientOptions()] });

        Assert.All(result.Failures!, f => Assert.DoesNotContain('\n', f));
    }
}
