using System.Text;
using System.Text.Json;
using CardBridge.Simulation.Qr.Platform;

namespace CardBridge.HardwareSim.Tests.Qr;

/// <summary>Talks to the simulated platform the way the tests need: issue over <c>/sim/issue</c>, verify over the query endpoints.</summary>
internal sealed class PlatformClient(SimulatedQrPlatform platform) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = PtyPair.Timeout };

    public HttpClient Http => _http;

    public async Task<(int Status, string Body)> IssueAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var answer = await _http.PostAsync(new Uri(platform.ServiceUri, "sim/issue"), content);
        return ((int)answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    public async Task<string> IssueCodeAsync(string type, string holder, int validitySeconds)
    {
        var (status, body) = await IssueAsync(JsonSerializer.Serialize(new { type, holder, validitySeconds }));
        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("code").GetString()!;
    }

    /// <summary>The platform's answer code (0 success, 10001 expired, 10002 used, 10003 unknown) and its data object, if any.</summary>
    public async Task<(int Code, JsonElement? Data)> VerifyAsync(SimQrCodeType type, string code)
    {
        var request = JsonSerializer.Serialize(new
        {
            method = type == SimQrCodeType.EVoucher ? "ec.query" : "essc.query",
            requestId = Guid.NewGuid().ToString("N"),
            orgId = "SIMORG01",
            businessType = "01101",
            operatorId = "SIMOP01",
            operatorName = "测试操作员",
            qrCode = code,
        });
        using var content = new StringContent(request, Encoding.UTF8, "application/json");
        var uri = type == SimQrCodeType.EVoucher ? platform.EVoucherUri : platform.SocialSecurityCardUri;
        using var answer = await _http.PostAsync(uri, content);
        Assert.Equal(200, (int)answer.StatusCode);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return (root.GetProperty("code").GetInt32(), root.TryGetProperty("data", out var data) ? data.Clone() : null);
    }

    public void Dispose() => _http.Dispose();
}
