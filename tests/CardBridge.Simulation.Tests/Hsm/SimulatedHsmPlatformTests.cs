using System.Net;
using System.Text;
using System.Text.Json;
using CardBridge.Simulation.Hsm;

namespace CardBridge.Simulation.Tests.Hsm;

/// <summary>The simulated HSM platform's side of the envelope (docs/operations/hsm-envelope.md), spoken by hand.</summary>
public sealed class SimulatedHsmPlatformTests : IAsyncLifetime
{
    private const string CardId = "990001D156000005000000015A3C19E2";

    private static readonly HttpClient Http = new();
    private SimulatedHsmPlatform _platform = null!;

    public Task InitializeAsync()
    {
        _platform = SimulatedHsmPlatform.Start(new SimulatedHsmPlatformOptions());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_step_1_envelope_is_answered_with_code_0_its_request_id_and_two_sm4_cryptograms()
    {
        var (status, answer) = await PostAsync(Envelope("03"));

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(answer);
        Assert.Equal(0, json.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("00112233445566778899aabbccddeeff", json.RootElement.GetProperty("requestId").GetString());
        var step2 = json.RootElement.GetProperty("step2");
        Assert.Matches("^[0-9A-F]{32}$", step2.GetProperty("internalAuthResult").GetString());
        Assert.Matches("^[0-9A-F]{32}$", step2.GetProperty("externalCryptogram").GetString());
        Assert.Equal(1, _platform.Requests);
    }

    [Fact]
    public async Task An_algorithm_without_keys_is_refused_with_code_2()
    {
        var (status, answer) = await PostAsync(Envelope("02"));

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(answer);
        Assert.Equal(SimulatedHsmPlatform.NoKeysCode, json.RootElement.GetProperty("code").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("step2", out _));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("""{"version":"2","requestId":"x","step1":{}}""")]
    public async Task What_is_not_an_envelope_is_a_bad_request(string body)
    {
        var (status, _) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Faults_switch_the_answers_and_clearing_them_restores_the_platform()
    {
        _platform.InjectFault(HsmPlatformFault.ServerError);
        Assert.Equal(HttpStatusCode.InternalServerError, (await PostAsync(Envelope("03"))).Status);

        _platform.InjectFault(HsmPlatformFault.Down);
        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(Envelope("03")));

        _platform.InjectFault(HsmPlatformFault.WrongCryptogram);
        var (_, wrong) = await PostAsync(Envelope("03"));
        _platform.ClearFaults();
        var (_, right) = await PostAsync(Envelope("03"));
        Assert.NotEqual(Step2(wrong), Step2(right));
    }

    private static string Step2(string answer)
    {
        using var json = JsonDocument.Parse(answer);
        return json.RootElement.GetProperty("step2").GetProperty("internalAuthResult").GetString()!;
    }

    private static string Envelope(string algorithm) => $$$"""
        {"version":"1","requestId":"00112233445566778899aabbccddeeff","terminalId":"","sentAt":"2026-01-01T00:00:00.000Z",
         "step1":{"regionCode":"990001","atrHistoricalBytes":"","algorithm":"{{{algorithm}}}","cardIdentificationCode":"{{{CardId}}}",
          "internalAuthInput":"000000015A3C19E2","internalAuthData":"0102030405060708","externalAuthInput":"000000015A3C19E2",
          "externalAuthData":"1112131415161718"}}
        """;

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(_platform.ServiceUri, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
