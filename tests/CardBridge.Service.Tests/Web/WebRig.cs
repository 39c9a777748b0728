using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CardBridge.Service.Tests.Web;

/// <summary>
/// The service in simulator mode with its web listener on a free loopback port, one listed origin
/// (<see cref="ListedOrigin"/>, scope identity.basic) and an HTTP/1.1 client to it, as a page or curl would call it.
/// </summary>
internal sealed class WebRig : IAsyncDisposable
{
    public const string ListedOrigin = "https://his.example.cn";
    public const string UnlistedOrigin = "https://evil.example";
    public const string JsonType = "application/json";

    private WebRig(ServiceRig rig)
    {
        Rig = rig;
        Http = new HttpClient { BaseAddress = rig.WebAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ServiceRig Rig { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the rig; <paramref name="settings"/> come after the web listener and the listed origin.</summary>
    public static async Task<WebRig> StartAsync(params (string Key, string? Value)[] settings) =>
        new(await ServiceRig.StartAsync(
        [
            ("Listeners:Web:Port", "0"),
            ("Web:Origins:0:Origin", ListedOrigin),
            ("Web:Origins:0:Scopes:0", "identity.basic"),
            .. settings,
        ]));

    /// <summary>A request as a page from <paramref name="origin"/> sends it (none: as curl does); a JSON body when given.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? origin = null, string? json = null, string? apiKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, JsonType);
        }
        return request;
    }

    /// <summary>A CORS preflight for a <paramref name="method"/> request from <paramref name="origin"/>.</summary>
    public static HttpRequestMessage Preflight(string path, string origin, string method = "GET", bool privateNetwork = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        if (privateNetwork)
        {
            request.Headers.Add("Access-Control-Request-Private-Network", "true");
        }
        return request;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            return (response.StatusCode, body, response);
        }
    }

    /// <summary>The <c>ErrorInfo</c> reason of an error body (a <c>google.rpc.Status</c>), after checking its gRPC code.</summary>
    public static JsonElement ErrorInfoOf(JsonElement body, Grpc.Core.StatusCode code)
    {
        Assert.Equal((int)code, body.GetProperty("code").GetInt32());
        var info = Assert.Single(body.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.Equal("cardbridge.v1", info.GetProperty("domain").GetString());
        return info;
    }

    /// <summary>The audit lines written so far whose RPC is <paramref name="rpc"/>.</summary>
    public IReadOnlyList<JsonElement> AuditOf(string rpc) =>
    [
        .. Directory.GetFiles(Rig.Directory, "audit-*.jsonl")
            .SelectMany(file =>
            {
                using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
                return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            })
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Where(line => line.GetProperty("Rpc").GetString() == rpc),
    ];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Rig.DisposeAsync();
    }
}
