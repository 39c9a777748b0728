using System.Text.Json;
using CardBridge.Service.Simulation;
using CardBridge.Simulation.Hsm;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Readers;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Observability;

/// <summary>The HSM platform's health in <c>/metrics</c> and on the status page, with the simulated platform in process.</summary>
[Collection(MetricsRunAlone.Name)]
public sealed class HsmHealthTests
{
    private static readonly (string, string?)[] PsamLessWithHsm =
    [
        ("Simulation:Psam", "false"), ("Simulation:Hsm", "true"), ("Hsm:MaxRetries", "0"),
        ("Hsm:BreakerMinimumThroughput", "2"), ("Hsm:BreakerFailureRatio", "0.5"), ("Hsm:BreakDuration", "00:10:00"),
    ];

    [Fact]
    public async Task A_check_through_the_HSM_is_counted_and_the_platform_shows_available_with_its_last_answer()
    {
        await using var rig = await AdminRig.StartAsync(PsamLessWithHsm);
        await rig.SessionInAsync(AdminRig.Reader0);

        var scrape = await rig.GetTextAsync("/metrics", AdminRig.Operator.Key);
        using var status = JsonDocument.Parse(await rig.GetTextAsync("/status.json", AdminRig.Operator.Key));
        var page = await rig.GetTextAsync("/status", AdminRig.Operator.Key);

        Assert.Contains(Lines(scrape, "cardbridge_hsm_requests_total"), l => l.Contains("outcome=\"answered\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(Lines(scrape, "cardbridge_hsm_available"), l => l.EndsWith(" 1", StringComparison.Ordinal));
        var hsm = status.RootElement.GetProperty("hsm");
        Assert.Equal("available", hsm.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, hsm.GetProperty("lastSuccessAt").ValueKind);
        Assert.Contains("<h2>HSM platform</h2>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_failures_open_the_breaker_the_gauge_drops_to_0_and_the_page_says_why()
    {
        await using var rig = await AdminRig.StartAsync(PsamLessWithHsm);
        await rig.SessionInAsync(AdminRig.Reader0);
        rig.Services.GetRequiredService<SimulatedPlatforms>().HsmPlatform!.InjectFault(HsmPlatformFault.Down);

        rig.Services.GetRequiredService<SimulatedReaderBank>().Insert(AdminRig.Reader1, SimCard.ThirdGen().Build());
        await rig.SessionInAsync(AdminRig.Reader1);
        var scrape = await rig.GetTextAsync("/metrics", AdminRig.Operator.Key);
        using var status = JsonDocument.Parse(await rig.GetTextAsync("/status.json", AdminRig.Operator.Key));
        var page = await rig.GetTextAsync("/status", AdminRig.Operator.Key);

        Assert.Contains(Lines(scrape, "cardbridge_hsm_requests_total"), l => l.Contains("outcome=\"unavailable\"", StringComparison.Ordinal));
        Assert.Contains(Lines(scrape, "cardbridge_hsm_available"), l => l.EndsWith(" 0", StringComparison.Ordinal));
        var hsm = status.RootElement.GetProperty("hsm");
        Assert.Equal("unavailable", hsm.GetProperty("state").GetString());
        Assert.Contains("could not be reached", hsm.GetProperty("lastFailure").GetString(), StringComparison.Ordinal);
        Assert.Contains("<td>unavailable</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("SIM000001", scrape + page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_HSM_there_is_no_HSM_gauge_and_no_HSM_status()
    {
        await using var rig = await AdminRig.StartAsync();
        await rig.SessionInAsync(AdminRig.Reader0);

        var scrape = await rig.GetTextAsync("/metrics", AdminRig.Operator.Key);
        using var status = JsonDocument.Parse(await rig.GetTextAsync("/status.json", AdminRig.Operator.Key));

        Assert.Empty(Lines(scrape, "cardbridge_hsm_available"));
        Assert.Equal(JsonValueKind.Null, status.RootElement.GetProperty("hsm").ValueKind);
    }

    private static IReadOnlyList<string> Lines(string scrape, string family) =>
        [.. scrape.Split('\n').Where(l => l.StartsWith(family, StringComparison.Ordinal))];
}
