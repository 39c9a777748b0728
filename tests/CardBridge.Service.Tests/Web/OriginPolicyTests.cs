using System.Net;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Profiles;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Web;

/// <summary>
/// Origin control on the web listener (default deny): CORS and Private Network Access for listed origins only, the
/// Host guard against DNS rebinding, refusals before any card work, and what a caller without credential gets.
/// </summary>
public sealed class OriginPolicyTests
{
    private const string ReadersPath = "/v1/readers";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task Preflight_from_an_unlisted_origin_gets_no_allow_origin_and_is_audited()
    {
        await using var web = await WebRig.StartAsync();

        var (status, body, response) = await web.SendAsync(WebRig.Preflight(ReadersPath, WebRig.UnlistedOrigin));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("ORIGIN_NOT_ALLOWED", WebRig.ErrorInfoOf(body, StatusCode.PermissionDenied).GetProperty("reason").GetString());
        var audit = Assert.Single(web.AuditOf($"OPTIONS {ReadersPath}"));
        Assert.Equal("ORIGIN_NOT_ALLOWED", audit.GetProperty("Reason").GetString());
        Assert.Equal(WebRig.UnlistedOrigin, audit.GetProperty("Origin").GetString());
    }

    [Fact]
    public async Task Preflight_from_a_listed_origin_allows_exactly_that_origin()
    {
        await using var web = await WebRig.StartAsync();

        var (status, _, response) = await web.SendAsync(WebRig.Preflight("/v1/pin:verify", WebRig.ListedOrigin, "POST"));

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(WebRig.ListedOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", Header(response, "Vary"), StringComparison.Ordinal);
        Assert.Equal("GET, POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal(
            ["authorization", "content-type", "grpc-timeout", "x-grpc-web", "x-user-agent"],
            Header(response, "Access-Control-Allow-Headers")!.Split(", ").Order(StringComparer.Ordinal));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(response, "Access-Control-Allow-Private-Network"));
    }

    [Fact]
    public async Task Private_network_preflight_is_answered_for_listed_origins_only()
    {
        await using var web = await WebRig.StartAsync();

        var (listedStatus, _, listed) = await web.SendAsync(WebRig.Preflight(ReadersPath, WebRig.ListedOrigin, privateNetwork: true));
        var (unlistedStatus, _, unlisted) = await web.SendAsync(WebRig.Preflight(ReadersPath, WebRig.UnlistedOrigin, privateNetwork: true));

        Assert.Equal(HttpStatusCode.NoContent, listedStatus);
        Assert.Equal("true", Header(listed, "Access-Control-Allow-Private-Network"));
        Assert.Equal(WebRig.ListedOrigin, Header(listed, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Forbidden, unlistedStatus);
        Assert.Null(Header(unlisted, "Access-Control-Allow-Private-Network"));
        Assert.Null(Header(unlisted, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(WebRig.UnlistedOrigin)]
    [InlineData("null")]
    [InlineData("https://his.example.cn.evil.example")]
    [InlineData("http://his.example.cn")]
    [InlineData("https://his.example.cn:8443")]
    public async Task Requests_from_an_origin_not_listed_exactly_are_refused_and_audited(string origin)
    {
        await using var web = await WebRig.StartAsync();

        var (status, body, response) = await web.SendAsync(WebRig.Request(HttpMethod.Get, ReadersPath, origin));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        var info = WebRig.ErrorInfoOf(body, StatusCode.PermissionDenied);
        Assert.Equal("ORIGIN_NOT_ALLOWED", info.GetProperty("reason").GetString());
        Assert.Equal(origin, info.GetProperty("metadata").GetProperty("origin").GetString());
        var audit = Assert.Single(web.AuditOf("/cardbridge.v1.ReaderService/ListReaders"));
        Assert.Equal("PermissionDenied", audit.GetProperty("Outcome").GetString());
        Assert.Equal(origin, audit.GetProperty("Origin").GetString());
    }

    [Fact]
    public async Task A_request_from_an_unlisted_origin_does_no_card_work()
    {
        await using var web = await WebRig.StartAsync();
        var card = SimCard.ThirdGen().WithPin(Pin).Build();
        var session = await web.Rig.SwapCardAsync(ServiceRig.Reader0, card);

        var (status, _, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/pin:verify", WebRig.UnlistedOrigin,
            $$"""{"target": {"sessionId": "{{session}}"}, "pin": "000000"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        // The wrong PIN never reached the card: it still has every try.
        Assert.Equal(3, card.PinTriesLeft);
        var audit = Assert.Single(web.AuditOf("/cardbridge.v1.IdentityService/VerifyPin"));
        Assert.Equal("ORIGIN_NOT_ALLOWED", audit.GetProperty("Reason").GetString());
        Assert.Equal("", audit.GetProperty("Card").GetString());
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("his.example.cn")]
    [InlineData("127.0.0.1.nip.example")]
    public async Task A_host_that_is_not_the_listeners_is_refused_as_DNS_rebinding(string host)
    {
        await using var web = await WebRig.StartAsync();
        var request = WebRig.Request(HttpMethod.Get, ReadersPath);
        request.Headers.Host = $"{host}:{web.Rig.WebAddress.Port}";

        var (status, body, _) = await web.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var info = WebRig.ErrorInfoOf(body, StatusCode.PermissionDenied);
        Assert.Equal("HOST_NOT_ALLOWED", info.GetProperty("reason").GetString());
        Assert.Equal("HOST_NOT_ALLOWED", Assert.Single(web.AuditOf("/cardbridge.v1.ReaderService/ListReaders")).GetProperty("Reason").GetString());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("cardbridge.counter.local")]
    public async Task The_listeners_own_names_pass_the_host_guard(string host)
    {
        await using var web = await WebRig.StartAsync(("Listeners:Web:HostNames:0", "cardbridge.counter.local"));
        var request = WebRig.Request(HttpMethod.Get, ReadersPath);
        request.Headers.Host = $"{host}:{web.Rig.WebAddress.Port}";

        var (status, _, _) = await web.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("cross-site", HttpStatusCode.Forbidden)]
    [InlineData("same-site", HttpStatusCode.Forbidden)]
    [InlineData("none", HttpStatusCode.OK)]
    public async Task A_browser_request_without_Origin_passes_only_when_no_other_site_made_it(string fetchSite, HttpStatusCode expected)
    {
        await using var web = await WebRig.StartAsync();
        var request = WebRig.Request(HttpMethod.Get, "/v1/identity");
        request.Headers.Add("Sec-Fetch-Site", fetchSite);

        var (status, _, _) = await web.SendAsync(request);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task A_page_without_credential_gets_exactly_its_origins_scopes()
    {
        // The simulator's local callers have identity.full and pin; the listed origin only identity.basic.
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();

        var (readStatus, read, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, $"/v1/sessions/{session}/identity", WebRig.ListedOrigin));
        var (pinStatus, _, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/pin:verify", WebRig.ListedOrigin,
            $$"""{"target": {"sessionId": "{{session}}"}, "pin": "{{Pin}}"}"""));
        var (localStatus, local, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, $"/v1/sessions/{session}/identity"));

        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.False(read.GetProperty("identity").GetProperty("holder").TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.Forbidden, pinStatus);
        Assert.Equal(HttpStatusCode.OK, localStatus);
        Assert.Equal("测试甲", local.GetProperty("identity").GetProperty("holder").GetProperty("name").GetString());
        var audit = web.AuditOf("/cardbridge.v1.IdentityService/ReadCard");
        Assert.Contains(audit, line => line.GetProperty("Client").GetString() == WebRig.ListedOrigin
            && line.GetProperty("Origin").GetString() == WebRig.ListedOrigin && line.GetProperty("Outcome").GetString() == "OK"
            && line.GetProperty("Reader").GetString() == ServiceRig.Reader0 && line.GetProperty("Card").GetString()!.Contains('*', StringComparison.Ordinal));
        Assert.Contains(audit, line => line.GetProperty("Client").GetString() == "local" && line.GetProperty("Origin").GetString() == "");
    }

    [Fact]
    public async Task A_forged_Origin_from_a_non_browser_client_gets_no_more_than_the_local_scopes()
    {
        // Local callers: identity.basic only. This client (no browser) claims to be the listed page.
        await using var web = await WebRig.StartAsync(
            [.. ApiKeyClient.NoLocalScopes, ("Security:LocalScopes:0", "identity.basic")]);
        var session = await web.Rig.InitialSessionAsync();

        var (readStatus, read, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, $"/v1/sessions/{session}/identity", WebRig.ListedOrigin));
        var (pinStatus, pin, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/pin:verify", WebRig.ListedOrigin,
            $$"""{"target": {"sessionId": "{{session}}"}, "pin": "{{Pin}}"}"""));

        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.False(read.GetProperty("identity").GetProperty("holder").TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.Forbidden, pinStatus);
        Assert.Equal("SCOPE_DENIED", WebRig.ErrorInfoOf(pin, StatusCode.PermissionDenied).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_API_key_from_a_listed_origin_is_checked_as_on_grpc()
    {
        var teller = new ApiKeyClient("teller", "pin");
        await using var web = await WebRig.StartAsync(ApiKeyClient.SettingsOf(teller));
        var session = await web.Rig.InitialSessionAsync();
        var verify = $$"""{"target": {"sessionId": "{{session}}"}, "pin": "{{Pin}}"}""";

        var (keyStatus, _, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/pin:verify", WebRig.ListedOrigin, verify, teller.Key));
        var (readStatus, read, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, "/v1/identity", WebRig.ListedOrigin, apiKey: teller.Key));
        var (badStatus, bad, response) = await web.SendAsync(WebRig.Request(HttpMethod.Get, "/v1/identity", WebRig.ListedOrigin, apiKey: "not-a-key"));

        Assert.Equal(HttpStatusCode.OK, keyStatus);
        // The key's scopes, not the origin's: teller may verify PINs but not read identities.
        Assert.Equal(HttpStatusCode.Forbidden, readStatus);
        Assert.Equal("SCOPE_DENIED", WebRig.ErrorInfoOf(read, StatusCode.PermissionDenied).GetProperty("reason").GetString());
        // A bad key is refused, never taken for a page without credential.
        Assert.Equal(HttpStatusCode.Unauthorized, badStatus);
        Assert.Equal("UNAUTHENTICATED", WebRig.ErrorInfoOf(bad, StatusCode.Unauthenticated).GetProperty("reason").GetString());
        Assert.Equal(WebRig.ListedOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains(web.AuditOf("/cardbridge.v1.IdentityService/VerifyPin"),
            line => line.GetProperty("Client").GetString() == "teller" && line.GetProperty("Origin").GetString() == WebRig.ListedOrigin);
    }

    [Fact]
    public async Task With_no_origin_listed_every_page_is_refused()
    {
        await using var rig = await ServiceRig.StartAsync(("Listeners:Web:Port", "0"));
        using var http = new HttpClient { BaseAddress = rig.WebAddress };
        using var request = WebRig.Request(HttpMethod.Get, ReadersPath, "http://127.0.0.1:8080");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
