using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Web;

/// <summary>
/// The "done when", as an operator would try it: <c>cardbridge-service --simulate</c> as a process, its web
/// listener on the default 127.0.0.1:50052, asked what curl would ask. Integration: the default port is shared, so this
/// runs where the test command runs the integration tests, in a network namespace of its own.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DefaultWebListenerTests
{
    private static readonly Uri Default = new("http://127.0.0.1:50052/");
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_simulated_service_answers_readers_openapi_and_refuses_an_unlisted_preflight_on_127_0_0_1_50052()
    {
        // The rig turns the web listener off for every other test; here it is given back its default port.
        await using var service = await ServiceProcess.StartListeningAsync(["--simulate", "--Listeners:Web:Port=50052"]);
        await WebListeningAsync(service);
        using var http = new HttpClient { BaseAddress = Default, Timeout = TimeSpan.FromSeconds(30) };

        var readers = JsonDocument.Parse(await http.GetStringAsync(new Uri("/v1/readers", UriKind.Relative))).RootElement;
        var openApi = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi.json", UriKind.Relative))).RootElement;
        using var preflight = WebRig.Preflight("/v1/readers", WebRig.UnlistedOrigin);
        using var refused = await http.SendAsync(preflight);

        Assert.Equal(["Simulated Reader 0", "Simulated Reader 1"], readers.GetProperty("readers").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.StartsWith("3.0", openApi.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/v1/readers", out _));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task WebListeningAsync(ServiceProcess service)
    {
        var waited = Stopwatch.StartNew();
        while (!service.Output.Contains($"listening on {Default}", StringComparison.Ordinal))
        {
            Assert.True(waited.Elapsed < LogTimeout, $"the service did not say it listens on {Default}:\n{service.Output}");
            await Task.Delay(50);
        }
    }
}
