using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CardBridge.Simulation.Centre;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Tests.Centre;

/// <summary>The simulated centre's rider lists (CB02): built from the transit riders, keyed with the list key, changed on command.</summary>
public sealed class CentreRiderListTests
{
    private readonly CentreLedger _ledger = new(new SimulatedCentreOptions(), TimeProvider.System);
    private int _serial;

    private static string Hmac(byte[] key, string cardNumber) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("card:" + cardNumber)));

    private static string CardOf(string rider) => TransitRiders.All.Single(r => r.Profile == "transit/" + rider).CardNumber;

    [Fact]
    public void A_terminal_holding_nothing_gets_every_list_in_full_keyed_with_the_fake_list_key()
    {
        var lists = Download([]);

        var key = SHA256.HashData("cardbridge simulator FAKE rider list key"u8);
        Assert.Equal(["disabled", "hot", "veteran"], lists.Select(l => l["list_name"]!.GetValue<string>()));
        Assert.All(lists, l => Assert.Equal(("sim-1", "1"), (l["list_ver"]!.GetValue<string>(), l["chg_stas"]!.GetValue<string>())));
        var hot = lists.Single(l => l["list_name"]!.GetValue<string>() == "hot");
        Assert.Equal([Hmac(key, CardOf("hotlisted"))], hot["entries"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public void Versions_held_are_answered_unchanged_and_a_published_change_comes_in_full_under_the_next_version()
    {
        var held = new Dictionary<string, string> { ["hot"] = "sim-1", ["disabled"] = "sim-1", ["veteran"] = "sim-1" };

        var unchanged = Download(held);
        var version = _ledger.RiderLists.Add("hot", CardOf("ordinary"));
        var changed = Download(held);

        Assert.All(unchanged, l => Assert.Equal("0", l["chg_stas"]!.GetValue<string>()));
        Assert.All(unchanged, l => Assert.Null(l["entries"]));
        Assert.Equal("sim-2", version);
        var hot = changed.Single(l => l["list_name"]!.GetValue<string>() == "hot");
        Assert.Equal(("sim-2", "1", 2), (hot["list_ver"]!.GetValue<string>(), hot["chg_stas"]!.GetValue<string>(), hot["entries"]!.AsArray().Count));
        Assert.All(changed.Where(l => l != hot), l => Assert.Equal("0", l["chg_stas"]!.GetValue<string>()));
    }

    [Fact]
    public void Another_list_key_gives_other_entries()
    {
        var key = new byte[32];
        var ledger = new CentreLedger(new SimulatedCentreOptions { RiderListKey = key }, TimeProvider.System);

        Assert.Equal(Hmac(key, "SIMORD001"), ledger.RiderLists.Entry("SIMORD001"));
        Assert.NotEqual(_ledger.RiderLists.Entry("SIMORD001"), ledger.RiderLists.Entry("SIMORD001"));
    }

    [Fact]
    public void A_download_without_lists_is_refused()
    {
        var signNo = SignIn();
        var answer = JsonNode.Parse(_ledger.Handle(Envelope("CB02", "LISTS-BAD", signNo, new JsonObject())))!;

        Assert.Equal(-1, answer["infcode"]!.GetValue<int>());
    }

    private List<JsonNode> Download(Dictionary<string, string> held)
    {
        var signNo = SignIn();
        var data = new JsonObject
        {
            ["lists"] = new JsonArray([.. held.Select(h => (JsonNode)new JsonObject { ["list_name"] = h.Key, ["list_ver"] = h.Value })]),
        };
        var answer = JsonNode.Parse(_ledger.Handle(Envelope("CB02", $"LISTS{++_serial}", signNo, data)))!;
        Assert.Equal(0, answer["infcode"]!.GetValue<int>());
        return [.. answer["output"]!["lists"]!.AsArray().Select(l => l!)];
    }

    private string SignIn() =>
        JsonNode.Parse(_ledger.Handle(Envelope("9001", $"SIGNIN{++_serial}", "", new JsonObject())))!["output"]!["signinoutb"]!["sign_no"]!.GetValue<string>();

    private static byte[] Envelope(string infNo, string msgId, string signNo, JsonObject data) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["infno"] = infNo,
            ["msgid"] = msgId,
            ["sign_no"] = signNo,
            ["input"] = new JsonObject { ["data"] = data },
        });
}
