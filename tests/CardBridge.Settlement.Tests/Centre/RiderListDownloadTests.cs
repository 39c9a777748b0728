using System.Text;
using System.Text.Json;
using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Centre;
using static CardBridge.Settlement.Tests.Centre.CentreTestBed;

namespace CardBridge.Settlement.Tests.Centre;

/// <summary>The rider-list download (CB02, CardBridge's own transaction) through the HTTP adapter and the simulated centre.</summary>
[Trait("Category", "Integration")]
public sealed class RiderListDownloadTests : IDisposable
{
    private static readonly HeldRiderList[] Current = [new("hot", "sim-1"), new("disabled", "sim-1"), new("veteran", "sim-1")];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Holding_nothing_downloads_every_list_in_full_with_the_centres_entries()
    {
        await using var bed = Start();

        var lists = await bed.Adapter.DownloadRiderListsAsync([], Ct);

        Assert.Equal(["disabled", "hot", "veteran"], lists.Select(l => l.Name));
        Assert.All(lists, l => Assert.Equal(("sim-1", false), (l.Version, l.Unchanged)));
        Assert.Equal([bed.Centre.RiderListEntry("SIMHOT001")], lists.Single(l => l.Name == "hot").Entries);
        Assert.Equal(1, bed.Sent["CB02"]);
    }

    [Fact]
    public async Task Holding_the_current_versions_is_answered_unchanged_and_only_a_published_change_comes_in_full()
    {
        await using var bed = Start();

        var unchanged = await bed.Adapter.DownloadRiderListsAsync(Current, Ct);
        bed.Centre.AddToRiderList("hot", "SIMORD001");
        var changed = await bed.Adapter.DownloadRiderListsAsync(Current, Ct);

        Assert.All(unchanged, l => Assert.True(l.Unchanged));
        var hot = Assert.Single(changed, l => !l.Unchanged);
        Assert.Equal(("hot", "sim-2"), (hot.Name, hot.Version));
        Assert.Equal(
            new[] { bed.Centre.RiderListEntry("SIMHOT001"), bed.Centre.RiderListEntry("SIMORD001") }.Order(StringComparer.Ordinal),
            hot.Entries!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_request_carries_each_held_list_as_list_name_and_list_ver_in_the_envelope()
    {
        var bodies = new List<JsonDocument>();
        await using var bed = Start();
        using var http = new HttpClient(new Recording(bodies)) { Timeout = Timeout.InfiniteTimeSpan };
        var adapter = new HttpSettlementCentre(http, new CentreOptions
        {
            ServiceUri = bed.Centre.ServiceUri, InstitutionCode = "H99000000001", InstitutionName = "测试医院",
            OperatorCode = "SIMOP01", OperatorName = "测试操作员",
        }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<HttpSettlementCentre>.Instance);

        await adapter.DownloadRiderListsAsync([new HeldRiderList("hot", "sim-1"), new HeldRiderList("student", "")], Ct);

        var request = bodies.Single(b => b.RootElement.GetProperty("infno").GetString() == "CB02").RootElement;
        Assert.StartsWith("H99000000001", request.GetProperty("msgid").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("SIMSIGN", request.GetProperty("sign_no").GetString(), StringComparison.Ordinal);
        var lists = request.GetProperty("input").GetProperty("data").GetProperty("lists");
        Assert.Equal("""[{"list_name":"hot","list_ver":"sim-1"},{"list_name":"student","list_ver":""}]""", lists.GetRawText());
        foreach (var body in bodies)
        {
            body.Dispose();
        }
    }

    [Theory]
    [InlineData("""{"lists":[{"list_name":"hot","list_ver":"sim-1","chg_stas":"2"}]}""")]
    [InlineData("""{"lists":[{"list_name":"hot","list_ver":"sim-7","chg_stas":"0"}]}""")]
    [InlineData("""{"lists":[{"list_name":"student","list_ver":"sim-1","chg_stas":"0"}]}""")]
    [InlineData("""{"lists":[{"list_name":"hot","list_ver":"sim-2","chg_stas":"1"}]}""")]
    [InlineData("""{"lists":[{"list_name":"hot","list_ver":"sim-2","chg_stas":"1","entries":[1]}]}""")]
    [InlineData("""{"lists":[{"list_name":"hot","list_ver":"sim-2","chg_stas":"1","entries":[]},{"list_name":"HOT","list_ver":"sim-2","chg_stas":"1","entries":[]}]}""")]
    [InlineData("""{"lists":[{"list_ver":"sim-2","chg_stas":"1","entries":[]}]}""")]
    [InlineData("""{"lists":{}}""")]
    [InlineData("""{}""")]
    public void A_malformed_download_answer_is_a_protocol_error(string output)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"infcode":0,"output":{{output}}}""");

        Assert.Throws<CentreProtocolException>(() => SettlementMessages.RiderLists(CentreEnvelope.Output(body), Current));
    }

    [Fact]
    public async Task A_malformed_answer_from_the_centre_reaches_the_caller_as_a_protocol_error()
    {
        await using var bed = Start();
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.MalformedJson, OnlyInfNo: "CB02"));

        await Assert.ThrowsAsync<CentreProtocolException>(() => bed.Adapter.DownloadRiderListsAsync(Current, Ct));
    }

    private sealed class Recording(List<JsonDocument> bodies) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            lock (bodies)
            {
                bodies.Add(JsonDocument.Parse(body));
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
