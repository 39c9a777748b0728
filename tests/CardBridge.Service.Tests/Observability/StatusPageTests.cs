using System.Net;
using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Service.Hosting;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Readers;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Observability;

/// <summary>The read-only status page and its JSON on the admin listener, over real loopback HTTP.</summary>
[Collection(MetricsRunAlone.Name)]
public sealed class StatusPageTests
{
    [Fact]
    public async Task The_status_page_is_401_without_a_key_403_without_admin_and_200_for_admin()
    {
        await using var rig = await AdminRig.StartAsync(ApiKeyClient.NoLocalScopes);

        using var anonymous = await rig.GetAsync("/status");
        using var teller = await rig.GetAsync("/status", AdminRig.Teller.Key);
        using var wrongKey = await rig.GetAsync("/status", "not-a-key");
        using var admin = await rig.GetAsync("/status", AdminRig.Operator.Key);
        using var json = await rig.GetAsync("/status.json", AdminRig.Teller.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teller.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal("text/html", admin.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, json.StatusCode);
    }

    [Fact]
    public async Task The_page_shows_readers_the_masked_session_scanners_journal_centre_and_a_latency_chart_without_the_card_number()
    {
        await using var rig = await AdminRig.StartAsync();
        await rig.SessionInAsync(AdminRig.Reader0);

        var page = await rig.GetTextAsync("/status", AdminRig.Operator.Key);

        Assert.Contains("<td>Simulated Reader 0</td><td>session</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Simulated Reader 1</td><td>empty</td>", page, StringComparison.Ordinal);
        Assert.Contains("SI*****01", page, StringComparison.Ordinal);
        Assert.DoesNotContain("SIM000001", page, StringComparison.Ordinal);
        Assert.DoesNotContain("测试甲", page, StringComparison.Ordinal);
        Assert.Contains("<td>Simulated Scanner</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>online</td>", page, StringComparison.Ordinal);
        Assert.Contains("<polyline", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_call_shows_in_recent_errors_by_reason_and_the_json_holds_the_same_state()
    {
        await using var rig = await AdminRig.StartAsync();
        var identity = new IdentityService.IdentityServiceClient(rig.Channel);
        await Assert.ThrowsAsync<RpcException>(() => identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { Reader = AdminRig.Reader1 }, Purpose = "test" }, ServiceRig.WithKey(null)).ResponseAsync);

        using var status = JsonDocument.Parse(await rig.GetTextAsync("/status.json"));
        var page = await rig.GetTextAsync("/status");

        var root = status.RootElement;
        var error = Assert.Single(root.GetProperty("recentErrors").EnumerateArray());
        Assert.Equal("/cardbridge.v1.IdentityService/ReadCard", error.GetProperty("rpc").GetString());
        Assert.Equal("NO_CARD", error.GetProperty("reason").GetString());
        Assert.Contains("<td>NO_CARD</td>", page, StringComparison.Ordinal);
        Assert.Equal(["Simulated Reader 0", "Simulated Reader 1"], root.GetProperty("readers").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.True(root.GetProperty("simulated").GetBoolean());
    }

    // Issue 19: the PSAM's state follows its reader, so the page shows it pulled without a card having to fail first.
    [Fact]
    public async Task A_PSAM_pulled_shows_unavailable_with_its_fault_before_any_card_and_available_once_it_is_back()
    {
        await using var rig = await AdminRig.StartAsync();
        var bank = rig.Services.GetRequiredService<SimulatedReaderBank>();
        var slot = rig.Services.GetRequiredService<TerminalHost>().PsamSlot ?? throw new InvalidOperationException("no PSAM");

        await ChangeAsync(slot, () => bank.Remove(slot.Reader));
        var away = await rig.GetTextAsync("/status", AdminRig.Operator.Key);
        await ChangeAsync(slot, () => bank.Insert(slot.Reader, SimCard.Psam().Build()));
        var back = await rig.GetTextAsync("/status", AdminRig.Operator.Key);

        Assert.Contains("<td>Simulated PSAM</td><td>unavailable</td><td>SCARD_E_NO_SMARTCARD</td>", away, StringComparison.Ordinal);
        Assert.Contains("<td>Simulated PSAM</td><td>available</td><td></td>", back, StringComparison.Ordinal);
    }

    private static async Task ChangeAsync(Terminal.PsamSlot slot, Action act)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(object? sender, EventArgs e) => changed.TrySetResult();
        slot.AvailabilityChanged += OnChange;
        try
        {
            act();
            await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            slot.AvailabilityChanged -= OnChange;
        }
    }
}
