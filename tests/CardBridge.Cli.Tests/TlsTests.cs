using CardBridge.Api.V1;
using CardBridge.Cli.Tests.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CardBridge.Cli.Tests;

public sealed class TlsTests : IAsyncLifetime, IDisposable
{
    private readonly TestPki _pki = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = _pki.Server;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => _pki.IssuedByCa(certificate);
        }));
        _server.Readers.OnList = _ => Task.FromResult(new ListReadersResponse { Readers = { new Reader { Name = "Virtual PCD 00 00" } } });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Https_endpoint_is_trusted_through_the_ca_cert_option()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("readers", "--endpoint", _server.Address, "--ca-cert", _pki.CaFile);

        Assert.Equal(0, exit);
        Assert.Contains("Virtual PCD 00 00", cli.Out.Text, StringComparison.Ordinal);
        Assert.Equal("", Assert.Single(_server.Readers.ClientCertificates));
    }

    [Fact]
    public async Task Https_endpoint_of_an_untrusted_ca_cannot_be_connected_to()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("readers", "--endpoint", _server.Address);

        Assert.True(exit == 3, cli.Error.Text);
        Assert.Empty(_server.Readers.ListCalls);
    }

    [Fact]
    public async Task Client_cert_and_key_authenticate_the_cli_with_mutual_tls()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("readers", "--endpoint", _server.Address, "--ca-cert", _pki.CaFile, "--client-cert", _pki.ClientCertFile, "--client-key", _pki.ClientKeyFile);

        Assert.Equal(0, exit);
        Assert.Equal("CN=cardbridge-cli-test", Assert.Single(_server.Readers.ClientCertificates));
    }
}
