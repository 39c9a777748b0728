using CardBridge.Service.Configuration;
using CardBridge.Service.Security;
using CardBridge.Service.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Tests.Web;

/// <summary>The web settings are checked at start; every fault names its key.</summary>
public sealed class WebOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(WebOptions web, params string[] localScopes)
    {
        var result = new WebOptionsValidator(Options.Create(new SecurityOptions { LocalScopes = [.. localScopes] })).Validate(null, web);
        return result.Failed ? [.. result.Failures] : [];
    }

    private static WebOptions Origin(string origin, params string[] scopes) =>
        new() { Origins = [new WebOriginOptions { Origin = origin, Scopes = [.. scopes] }] };

    [Theory]
    [InlineData("https://his.example.cn")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:3000")]
    [InlineData("http://[::1]:8080")]
    public void An_origin_as_a_browser_sends_it_is_accepted(string origin) =>
        Assert.Empty(Failures(Origin(origin, Scopes.IdentityBasic), Scopes.IdentityBasic));

    [Theory]
    [InlineData("https://his.example.cn/")]
    [InlineData("https://his.example.cn/registration")]
    [InlineData("https://*.example.cn")]
    [InlineData("*")]
    [InlineData("null")]
    [InlineData("his.example.cn")]
    [InlineData("ftp://his.example.cn")]
    [InlineData("https://his.example.cn:443")]
    [InlineData("https://user@his.example.cn")]
    [InlineData("https://his.example.cn?x=1")]
    [InlineData("")]
    public void Anything_but_an_exact_origin_is_refused_naming_the_key(string origin) =>
        Assert.StartsWith("Web:Origins:0:Origin:", Assert.Single(Failures(Origin(origin))), StringComparison.Ordinal);

    [Fact]
    public void An_origin_listed_twice_is_refused()
    {
        var web = new WebOptions { Origins = [new() { Origin = "https://his.example.cn" }, new() { Origin = "https://HIS.example.cn" }] };

        Assert.StartsWith("Web:Origins:1:Origin:", Assert.Single(Failures(web)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scope_is_refused_naming_its_index() =>
        Assert.StartsWith("Web:Origins:0:Scopes:1: unknown scope 'identity.all'",
            Assert.Single(Failures(Origin("https://his.example.cn", Scopes.IdentityBasic, "identity.all"), Scopes.IdentityBasic)), StringComparison.Ordinal);

    [Fact]
    public void An_origin_may_not_get_a_scope_local_callers_lack()
    {
        var failure = Assert.Single(Failures(Origin("https://his.example.cn", Scopes.IdentityBasic, Scopes.Pin), Scopes.IdentityBasic));

        Assert.StartsWith("Web:Origins:0:Scopes:1: 'pin' is not in Security:LocalScopes", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Origins_are_off_by_default() => Assert.Empty(new WebOptions().Origins);

    [Theory]
    [InlineData(70000, "127.0.0.1", "Listeners:Web:Port:")]
    [InlineData(-2, "127.0.0.1", "Listeners:Web:Port:")]
    [InlineData(0, "localhost", "Listeners:Web:Address:")]
    [InlineData(0, "0.0.0.0", "Listeners:Web:Address: '0.0.0.0' is not loopback")]
    [InlineData(0, "10.1.2.3", "Listeners:Web:Address: '10.1.2.3' is not loopback")]
    public void A_bad_web_listener_is_refused_naming_the_key(int port, string address, string expected)
    {
        var options = new ListenerOptions { Web = new WebListenerOptions { Port = port, Address = address } };

        var result = new WebListenerOptionsValidator().Validate(null, options);

        Assert.StartsWith(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_web_listener_with_a_certificate_names_each_missing_file()
    {
        var options = new ListenerOptions { Web = new WebListenerOptions { Address = "0.0.0.0", CertificatePath = "/nonexistent/cert.pem" } };

        var result = new WebListenerOptionsValidator().Validate(null, options);

        Assert.Equal(["Listeners:Web:CertificatePath", "Listeners:Web:KeyPath"], result.Failures!.Select(f => f[..f.IndexOf(':', 14)]));
    }

    [Fact]
    public void Client_certificates_need_an_https_web_listener()
    {
        var options = new ListenerOptions { Web = new WebListenerOptions { ClientCaPath = "/nonexistent/ca.pem" } };

        var result = new WebListenerOptionsValidator().Validate(null, options);

        Assert.StartsWith("Listeners:Web:ClientCaPath: client certificates need an HTTPS listener", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void The_web_listener_is_on_127_0_0_1_port_50052_by_default_and_off_at_minus_1()
    {
        var web = new WebListenerOptions();

        Assert.Equal(("127.0.0.1", 50052, true, false), (web.Address, web.Port, web.Enabled, web.IsTls));
        Assert.True(new WebListenerOptionsValidator().Validate(null, new ListenerOptions()).Succeeded);
        Assert.False(new WebListenerOptions { Port = -1 }.Enabled);
    }

    [Fact]
    public void A_listed_page_from_another_machine_gets_nothing_without_a_credential()
    {
        var registry = new ClientRegistry(Options.Create(new SecurityOptions { LocalScopes = [Scopes.IdentityBasic] }));
        var page = new Caller("https://his.example.cn", new HashSet<string> { Scopes.IdentityBasic }, OriginPolicy.Credential);
        var here = new DefaultHttpContext();
        here.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        here.Features.Set(new PageOrigin("https://his.example.cn", page));
        var remote = new DefaultHttpContext();
        remote.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("10.1.2.3");
        remote.Features.Set(new PageOrigin("https://his.example.cn", null));

        Assert.Same(page, registry.Recognise(here));
        Assert.Null(registry.Recognise(remote));
    }
}
