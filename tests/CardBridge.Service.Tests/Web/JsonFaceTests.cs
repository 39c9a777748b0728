using System.Net;
using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Profiles;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Web;

/// <summary>The JSON face of the web listener: routes from the protos' http rules, errors with their reasons, streams.</summary>
public sealed class JsonFaceTests
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task GET_v1_readers_answers_the_readers_as_json()
    {
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();

        var (status, body, response) = await web.SendAsync(WebRig.Request(HttpMethod.Get, "/v1/readers"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(WebRig.JsonType, response.Content.Headers.ContentType?.MediaType);
        var readers = body.GetProperty("readers").EnumerateArray().ToList();
        Assert.Equal([ServiceRig.Reader0, ServiceRig.Reader1], readers.Select(r => r.GetProperty("name").GetString()));
        Assert.True(readers[0].GetProperty("cardPresent").GetBoolean());
        Assert.Equal(session, readers[0].GetProperty("sessionId").GetString());
        Assert.False(readers[1].TryGetProperty("sessionId", out _));
    }

    [Fact]
    public async Task ReadCard_answers_from_a_session_a_reader_or_the_only_card_reduced_to_the_pages_scopes()
    {
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();

        foreach (var path in (string[])[$"/v1/sessions/{session}/identity?purpose=registration", "/v1/readers/Simulated%20Reader%200/identity", "/v1/identity"])
        {
            var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, path, WebRig.ListedOrigin));

            Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {body}");
            var identity = body.GetProperty("identity");
            Assert.Equal(session, identity.GetProperty("sessionId").GetString());
            // identity.basic: the masked name and the pseudonym, never the name itself.
            Assert.Equal("测**", identity.GetProperty("holder").GetProperty("nameMasked").GetString());
            Assert.False(identity.GetProperty("holder").TryGetProperty("name", out _), body.ToString());
        }
    }

    [Fact]
    public async Task AwaitCredential_takes_its_request_as_the_json_body()
    {
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();

        var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/credentials:await", WebRig.ListedOrigin,
            """{"reader": "Simulated Reader 0", "purpose": "registration", "timeout": "5s", "accept": "PRESENTED_KINDS_CARDS_ONLY"}"""));

        Assert.True(status == HttpStatusCode.OK, $"{status} {body}");
        Assert.Equal(session, body.GetProperty("card").GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task AwaitCredential_that_times_out_answers_with_its_status_not_an_early_200()
    {
        await using var web = await WebRig.StartAsync();

        var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/credentials:await", WebRig.ListedOrigin,
            """{"onlyNew": true, "timeout": "1s"}"""));

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("NOTHING_PRESENTED", WebRig.ErrorInfoOf(body, StatusCode.DeadlineExceeded).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_ended_session_is_CARD_REMOVED_with_its_status_and_reason_in_the_body()
    {
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();
        await web.Rig.TakeCardAsync(ServiceRig.Reader0);

        var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, $"/v1/sessions/{session}/identity", WebRig.ListedOrigin));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var info = WebRig.ErrorInfoOf(body, StatusCode.FailedPrecondition);
        Assert.Equal("CARD_REMOVED", info.GetProperty("reason").GetString());
        Assert.Equal(session, info.GetProperty("metadata").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task A_call_outside_the_pages_scopes_is_SCOPE_DENIED_with_the_scope_it_needs()
    {
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();

        var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/pin:verify", WebRig.ListedOrigin,
            $$"""{"target": {"sessionId": "{{session}}"}, "pin": "{{Pin}}"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var info = WebRig.ErrorInfoOf(body, StatusCode.PermissionDenied);
        Assert.Equal("SCOPE_DENIED", info.GetProperty("reason").GetString());
        Assert.Equal("pin", info.GetProperty("metadata").GetProperty("required_scope").GetString());
    }

    [Fact]
    public async Task A_malformed_field_is_INVALID_REQUEST_naming_the_field()
    {
        await using var web = await WebRig.StartAsync();

        var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, "/v1/sessions/not-a-session/identity", WebRig.ListedOrigin));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var info = WebRig.ErrorInfoOf(body, StatusCode.InvalidArgument);
        Assert.Equal("INVALID_REQUEST", info.GetProperty("reason").GetString());
        Assert.Equal("target.session_id", info.GetProperty("metadata").GetProperty("field").GetString());
    }

    [Theory]
    [InlineData(300_000)]
    [InlineData(2_000_000)]
    public async Task A_json_body_over_the_limit_is_refused_unread_REQUEST_TOO_LARGE_as_over_grpc_and_the_service_keeps_serving(int purposeLength)
    {
        await using var web = await WebRig.StartAsync();
        var limit = Service.Web.WebGuard.JsonBodyFactor * new Service.Configuration.LimitsOptions().MaxRequestBytes;

        var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/pin:verify", WebRig.ListedOrigin,
            $$"""{"usePinPad": true, "purpose": "{{new string('x', purposeLength)}}"}"""));
        var (after, _, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, "/v1/readers"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        var info = WebRig.ErrorInfoOf(body, StatusCode.ResourceExhausted);
        Assert.Equal("REQUEST_TOO_LARGE", info.GetProperty("reason").GetString());
        Assert.Equal($"{limit}", info.GetProperty("metadata").GetProperty("limit_bytes").GetString());
        Assert.Contains($"{limit} bytes", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("REQUEST_TOO_LARGE", Assert.Single(web.AuditOf("/cardbridge.v1.IdentityService/VerifyPin")).GetProperty("Reason").GetString());
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"target": 5}""")]
    [InlineData("""{"usePinPad": "yes please"}""")]
    [InlineData("not json")]
    public async Task A_malformed_json_body_is_a_400_with_its_status_and_the_service_keeps_serving(string json)
    {
        await using var web = await WebRig.StartAsync();

        var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/pin:verify", WebRig.ListedOrigin, json));
        var (after, _, _) = await web.SendAsync(WebRig.Request(HttpMethod.Get, "/v1/readers"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal((int)StatusCode.InvalidArgument, body.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task WatchEvents_streams_newline_delimited_json_and_shows_the_card_leaving()
    {
        await using var web = await WebRig.StartAsync();
        var session = await web.Rig.InitialSessionAsync();
        using var timeout = new CancellationTokenSource(StreamTimeout);
        using var request = WebRig.Request(HttpMethod.Get, "/v1/events?reader=Simulated%20Reader%200", WebRig.ListedOrigin);
        using var response = await web.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebRig.ListedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var ready = await NextEventAsync(lines, "sessionReady", timeout.Token);
        web.Rig.Bank.Remove(ServiceRig.Reader0);
        var removed = await NextEventAsync(lines, "cardRemoved", timeout.Token);

        Assert.Equal(session, ready.GetProperty("sessionId").GetString());
        Assert.Equal(ServiceRig.Reader0, removed.GetProperty("reader").GetString());
        Assert.Equal(session, removed.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task WatchEvents_shows_a_card_inserted_after_the_stream_started()
    {
        await using var web = await WebRig.StartAsync();
        using var timeout = new CancellationTokenSource(StreamTimeout);
        using var request = WebRig.Request(HttpMethod.Get, "/v1/events?reader=Simulated%20Reader%201", WebRig.ListedOrigin);
        using var response = await web.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await NextEventAsync(lines, "readerAttached", timeout.Token);

        web.Rig.Bank.Insert(ServiceRig.Reader1, SimCard.ThirdGen().Build());
        var ready = await NextEventAsync(lines, "sessionReady", timeout.Token);

        Assert.Equal(ServiceRig.Reader1, ready.GetProperty("reader").GetString());
        Assert.Equal("CARD_KIND_THIRD_GENERATION", ready.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_gate_page_taps_through_the_json_face_and_sees_the_decision_on_the_decision_stream()
    {
        var gate = new ApiKeyClient("gate-page", "transit");
        await using var web = await WebRig.StartAsync(ApiKeyClient.SettingsOf(gate));
        await web.Rig.Simulator.InsertCardAsync(new InsertCardRequest { Reader = ServiceRig.Reader1, Profile = "transit/ordinary" }, ServiceRig.WithKey(null));
        await web.Rig.SessionInAsync(ServiceRig.Reader1);
        using var timeout = new CancellationTokenSource(StreamTimeout);
        using var watch = WebRig.Request(HttpMethod.Get, "/v1/decisions?gate_id=G-01", WebRig.ListedOrigin, apiKey: gate.Key);
        using var stream = await web.Http.SendAsync(watch, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));

        var (status, tap, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, "/v1/gates/G-01/taps", WebRig.ListedOrigin,
            """{"card": {"reader": "Simulated Reader 1"}, "line": "L1", "stop": "S-05"}""", gate.Key));
        var streamed = await lines.ReadLineAsync(timeout.Token);

        Assert.True(status == HttpStatusCode.OK, $"{status} {tap}");
        var decision = tap.GetProperty("decision");
        Assert.Equal("200", decision.GetProperty("allowed").GetProperty("fareFen").ToString());
        Assert.Equal("G-01", decision.GetProperty("gateId").GetString());
        Assert.Equal(decision.ToString(), JsonDocument.Parse(streamed!).RootElement.ToString());
    }

    // Each line of the body is one ReaderEvent; returns the named member of the first event that has it.
    private static async Task<JsonElement> NextEventAsync(StreamReader lines, string member, CancellationToken cancellationToken)
    {
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0 && JsonDocument.Parse(line).RootElement.TryGetProperty(member, out var found))
            {
                return found.Clone();
            }
        }
        throw new InvalidOperationException($"the event stream ended before a {member} event");
    }
}
