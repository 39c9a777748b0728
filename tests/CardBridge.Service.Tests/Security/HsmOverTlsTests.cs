using System.Net;
using System.Security.Cryptography.X509Certificates;
using CardBridge.Api.V1;
using CardBridge.Simulation.Hsm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CardBridge.Service.Tests.Security;

/// <summary>
/// The HSM platform behind TLS that demands a client certificate: the service presents <c>Hsm:ClientCertificatePath</c>
/// and trusts the platform only through <c>Hsm:ServerCaPath</c>. The platform is an https front (Kestrel) that hands
/// each envelope to the simulated HSM platform.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HsmOverTlsTests : IAsyncLifetime
{
    private static readonly HttpClient Forward = new();

    private readonly TestPki _pki = TestPki.Create();
    private readonly string _directory = Directory.CreateTempSubdirectory("cardbridge-hsm-tls-").FullName;
    private SimulatedHsmPlatform _hsm = null!;
    private WebApplication _front = null!;
    private int _served;

    public async Task InitializeAsync()
    {
        _hsm = SimulatedHsmPlatform.Start(new SimulatedHsmPlatformOptions());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = _pki.Server;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (client, _, _) => _pki.Issued(client);
        })));
        _front = builder.Build();
        _front.MapPost(SimulatedHsmPlatform.Path, async (HttpRequest request, HttpResponse response) =>
        {
            Interlocked.Increment(ref _served);
            // The simulated platform's loopback server reads a Content-Length body, not a chunked one.
            using var buffered = new MemoryStream();
            await request.Body.CopyToAsync(buffered);
            using var body = new ByteArrayContent(buffered.ToArray());
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var answer = await Forward.PostAsync(_hsm.ServiceUri, body);
            response.StatusCode = (int)answer.StatusCode;
            response.ContentType = "application/json";
            await response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync());
        });
        await _front.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _front.DisposeAsync();
        await _hsm.DisposeAsync();
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task With_the_client_certificate_the_holder_of_a_3_00_card_opens_through_the_platform()
    {
        await using var rig = await ServiceRig.StartAsync([.. Settings(), .. ClientCertificate()]);

        var identity = await ReadAsync(rig);

        Assert.True(identity.Holder is not null, $"no holder: {identity.HolderUnavailableDetail}");
        Assert.Equal("测试甲", identity.Holder.Name);
        Assert.Equal(KeyAuthority.Hsm, identity.VerifiedBy);
        Assert.Equal(1, _served);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_platform_refuses_the_connection_and_the_holder_is_unavailable()
    {
        await using var rig = await ServiceRig.StartAsync(Settings());

        var identity = await ReadAsync(rig);

        Assert.Null(identity.Holder);
        Assert.Equal(HolderUnavailable.AuthenticationFailed, identity.HolderUnavailable);
        Assert.Contains("HSM platform", identity.HolderUnavailableDetail, StringComparison.Ordinal);
        Assert.Equal(0, _served);
    }

    [Fact]
    public async Task A_platform_whose_certificate_is_not_of_the_configured_CA_is_not_trusted()
    {
        using var other = TestPki.Create();
        var otherCa = Path.Combine(_directory, "other-ca.pem");
        await File.WriteAllTextAsync(otherCa, other.Ca.ExportCertificatePem());
        await using var rig = await ServiceRig.StartAsync([.. Settings(otherCa), .. ClientCertificate()]);

        var identity = await ReadAsync(rig);

        Assert.Null(identity.Holder);
        Assert.Equal(0, _served);
    }

    private (string, string?)[] Settings(string? serverCa = null)
    {
        var (_, _, ca) = _pki.WritePem(_directory);
        return
        [
            ("Simulation:Psam", "false"),
            ("Hsm:ServiceUri", _front.Urls.Single() + SimulatedHsmPlatform.Path),
            ("Hsm:ServerCaPath", serverCa ?? ca),
            ("Hsm:MaxRetries", "0"),
        ];
    }

    private (string, string?)[] ClientCertificate()
    {
        var certificate = Path.Combine(_directory, "hsm-client.pem");
        var key = Path.Combine(_directory, "hsm-client.key");
        File.WriteAllText(certificate, _pki.Client.ExportCertificatePem());
        using var privateKey = _pki.Client.GetECDsaPrivateKey()!;
        File.WriteAllText(key, privateKey.ExportPkcs8PrivateKeyPem());
        return [("Hsm:ClientCertificatePath", certificate), ("Hsm:ClientKeyPath", key)];
    }

    private static async Task<CardIdentity> ReadAsync(ServiceRig rig)
    {
        var session = await rig.SessionInAsync(ServiceRig.Reader0);
        return (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = session } }, ServiceRig.WithKey(null))).Identity;
    }
}
