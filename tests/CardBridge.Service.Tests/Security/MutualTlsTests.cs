using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Service.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Tests.Security;

public sealed class MutualTlsTests : IDisposable
{
    // The synthetic holder of hardware-sim/profiles/third-gen.json, the card in reader 0.
    private static readonly string[] CardHolder = ["测试甲", "990001199001010013", "SIM000001"];

    private readonly TestPki _pki = TestPki.Create();
    private readonly string _directory = Directory.CreateTempSubdirectory("cardbridge-mtls-").FullName;

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<ServiceRig> StartAsync(params (string Key, string? Value)[] settings) =>
        StartAsync(_pki.Client, settings);

    private async Task<ServiceRig> StartAsync(X509Certificate2 registered, params (string Key, string? Value)[] settings)
    {
        var (certificate, key, ca) = _pki.WritePem(_directory);
        return await ServiceRig.StartAsync(
        [
            ("Listeners:Tls:0:Address", "127.0.0.1"),
            ("Listeners:Tls:0:Port", "0"),
            ("Listeners:Tls:0:CertificatePath", certificate),
            ("Listeners:Tls:0:KeyPath", key),
            ("Listeners:Tls:0:ClientCaPath", ca),
            ("Security:Clients:0:Id", "his"),
            ("Security:Clients:0:Scopes:0", "identity.basic"),
            // Lower case, as some tools print it: thumbprints compare without regard to case.
            ("Security:Clients:0:CertificateThumbprints:0", TestPki.Thumbprint(registered).ToLowerInvariant()),
            .. settings,
        ]);
    }

    private GrpcChannel TlsChannel(ServiceRig rig, X509Certificate2? clientCertificate)
    {
        var address = rig.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, server, _, _) => server is not null && _pki.Issued(server),
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        if (clientCertificate is null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = null;
        }
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    [Fact]
    public async Task Known_client_certificate_gets_its_clients_scopes()
    {
        await using var rig = await StartAsync();
        using var channel = TlsChannel(rig, _pki.Client);

        var identity = await new IdentityService.IdentityServiceClient(channel).AwaitCredentialAsync(
            new AwaitCredentialRequest { Reader = ServiceRig.Reader0, Purpose = "mtls" }, ServiceRig.WithKey(null));
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await new SimulatorService.SimulatorServiceClient(channel)
            .ListProfilesAsync(new ListProfilesRequest(), ServiceRig.WithKey(null)));

        Assert.Equal(64, identity.Card.Holder.HolderId.Length);
        Assert.False(identity.Card.Holder.HasName);
        ApiKeyClient.AssertError(denied, StatusCode.PermissionDenied, "SCOPE_DENIED");
    }

    [Fact]
    public async Task Certificate_from_another_CA_is_refused()
    {
        // Registered by thumbprint with the scopes to list the readers and read the card: only the CA check stands
        // between the stranger's certificate and an answer.
        await using var rig = await StartAsync(("Security:Clients:1:Id", "stranger"), ("Security:Clients:1:Scopes:0", "admin"),
            ("Security:Clients:1:Scopes:1", "identity.full"), ("Security:Clients:1:CertificateThumbprints:0", TestPki.Thumbprint(_pki.Stranger)));
        using var channel = TlsChannel(rig, _pki.Stranger);

        var listing = await Assert.ThrowsAsync<RpcException>(async () => await new ReaderService.ReaderServiceClient(channel)
            .ListReadersAsync(new ListReadersRequest(), ServiceRig.WithKey(null)));
        var reading = await Assert.ThrowsAsync<RpcException>(async () => await new IdentityService.IdentityServiceClient(channel)
            .ReadCardAsync(new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader0 }, Purpose = "stranger" }, ServiceRig.WithKey(null)));

        // TLS 1.3 finishes the client's side of the handshake before the server judges the certificate, so the refusal
        // shows as a broken connection, with the status (UNAVAILABLE, INTERNAL, …) of the moment the client reads the
        // server's alert. What the service guarantees: no answer, nothing of the card, and no call run for the stranger.
        AssertRefused(listing);
        AssertRefused(reading);
        Assert.DoesNotContain(AuditLines(rig), line => line.Client == "stranger" || line.Outcome == nameof(StatusCode.OK));
    }

    private static void AssertRefused(RpcException error)
    {
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        if (error.StatusCode == StatusCode.Unauthenticated)
        {
            ApiKeyClient.AssertError(error, StatusCode.Unauthenticated, "UNAUTHENTICATED");
        }
        var told = string.Join('\n', [error.ToString(), .. error.Trailers.Select(t => t.IsBinary ? Encoding.UTF8.GetString(t.ValueBytes) : t.Value)]);
        Assert.All(CardHolder, value => Assert.DoesNotContain(value, told, StringComparison.Ordinal));
    }

    /// <summary>The client and outcome of every audit line so far, read while the service may still be writing.</summary>
    private static List<(string? Client, string? Outcome)> AuditLines(ServiceRig rig)
    {
        var lines = new List<(string?, string?)>();
        foreach (var file in Directory.GetFiles(rig.Directory, "audit-*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { Length: > 0 } line)
            {
                using var entry = JsonDocument.Parse(line);
                lines.Add((entry.RootElement.GetProperty("Client").GetString(), entry.RootElement.GetProperty("Outcome").GetString()));
            }
        }
        return lines;
    }

    [Fact]
    public async Task Certificate_from_the_trusted_CA_that_no_client_is_configured_with_is_UNAUTHENTICATED()
    {
        await using var rig = await StartAsync(_pki.Stranger);
        using var channel = TlsChannel(rig, _pki.Client);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new ReaderService.ReaderServiceClient(channel)
            .ListReadersAsync(new ListReadersRequest(), ServiceRig.WithKey(null)));

        ApiKeyClient.AssertError(error, StatusCode.Unauthenticated, "UNAUTHENTICATED");
    }

    // The TLS listener is bound to 127.0.0.1 and simulator mode grants anonymous loopback callers LocalScopes:
    // those are for the plaintext loopback listener only.
    [Fact]
    public async Task No_certificate_and_no_key_on_a_loopback_TLS_listener_is_UNAUTHENTICATED()
    {
        await using var rig = await StartAsync();
        using var channel = TlsChannel(rig, null);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new ReaderService.ReaderServiceClient(channel)
            .ListReadersAsync(new ListReadersRequest(), ServiceRig.WithKey(null)));

        ApiKeyClient.AssertError(error, StatusCode.Unauthenticated, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Api_key_over_the_TLS_listener_gets_its_clients_scopes()
    {
        var gate = new ApiKeyClient("gate", "transit");
        var settings = ApiKeyClient.SettingsOf(new ApiKeyClient("unused", "admin"), gate)
            .Where(s => s.Key.StartsWith("Security:Clients:1:", StringComparison.Ordinal)).ToArray();
        await using var rig = await StartAsync(settings);
        using var channel = TlsChannel(rig, null);

        var readers = await new ReaderService.ReaderServiceClient(channel).ListReadersAsync(new ListReadersRequest(), gate.Options);
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await new IdentityService.IdentityServiceClient(channel)
            .ReadCardAsync(new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader0 } }, gate.Options));

        Assert.NotEmpty(readers.Readers);
        ApiKeyClient.AssertError(denied, StatusCode.PermissionDenied, "SCOPE_DENIED");
    }

    [Fact]
    public async Task Missing_certificate_file_stops_the_service_at_start_naming_the_key()
    {
        var (_, key, ca) = _pki.WritePem(_directory);
        await using var app = ServiceHost.Build([ServiceHost.SimulateFlag], configuration => configuration.AddInMemoryCollection(
        [
            new("Listeners:LoopbackPort", "0"),
            new("Listeners:Web:Port", "-1"),
            new("Listeners:Tls:0:Address", "127.0.0.1"),
            new("Listeners:Tls:0:Port", "0"),
            new("Listeners:Tls:0:CertificatePath", Path.Combine(_directory, "missing.pem")),
            new("Listeners:Tls:0:KeyPath", key),
            new("Listeners:Tls:0:ClientCaPath", ca),
            new("Audit:Path", Path.Combine(_directory, "audit-.jsonl")),
            new("Logs:FilePath", Path.Combine(_directory, "log-.json")),
            new("Logs:Console", "false"),
        ]));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("Listeners:Tls:0:CertificatePath", StringComparison.Ordinal));
    }
}
