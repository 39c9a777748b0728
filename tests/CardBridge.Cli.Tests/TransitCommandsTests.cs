using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Cli.Tests.Fakes;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace CardBridge.Cli.Tests;

public sealed class TransitCommandsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Timestamp Synced = Timestamp.FromDateTime(new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc));
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sync_lists_prints_one_row_per_list_held()
    {
        _server.Transit.OnSync = () => new SyncRiderListsResponse
        {
            Lists =
            {
                new RiderListState { Name = "hot", Version = "2026-05-06.3", SyncedAt = Synced, EntryCount = 12, Changed = true },
                new RiderListState { Name = "disabled", Version = "v41", SyncedAt = Synced, EntryCount = 3080, Changed = false },
            },
        };
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("transit", "sync-lists", "--api-key", "admin-key", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var rows = cli.Out.Text.Split('\n').Select(Cells).Where(c => c.Length == 5).ToArray();
        Assert.Equal(["list", "version", "synced at", "entries", "changed"], rows[0]);
        Assert.Equal(["hot", "2026-05-06.3", "2026-05-06T07:08:09Z", "12", "yes"], rows[1]);
        Assert.Equal(["disabled", "v41", "2026-05-06T07:08:09Z", "3080", "no"], rows[2]);
        Assert.Equal("", cli.Error.Text);
    }

    [Fact]
    public async Task Sync_lists_json_is_the_response_with_every_list()
    {
        _server.Transit.OnSync = () => new SyncRiderListsResponse
        {
            Lists = { new RiderListState { Name = "hot", Version = "v7", SyncedAt = Synced, EntryCount = 2 } },
        };
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("transit", "sync-lists", "--json", "--endpoint", _server.Address));

        using var json = JsonDocument.Parse(Assert.Single(cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var list = Assert.Single(json.RootElement.GetProperty("lists").EnumerateArray());
        Assert.Equal("hot", list.GetProperty("name").GetString());
        Assert.Equal(2, list.GetProperty("entryCount").GetInt32());
        Assert.False(list.GetProperty("changed").GetBoolean());
        Assert.Equal("2026-05-06T07:08:09Z", list.GetProperty("syncedAt").GetString());
    }

    [Fact]
    public async Task Sync_lists_with_the_centre_down_prints_CENTRE_UNAVAILABLE_and_exits_1_not_3()
    {
        _server.Transit.OnSync = () => throw CardBridgeErrors.Build(Code.Unavailable, "CENTRE_UNAVAILABLE", "the centre did not answer; the lists in use are kept");
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("transit", "sync-lists", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        Assert.Equal("", cli.Out.Text);
        Assert.Equal("error: CENTRE_UNAVAILABLE (Unavailable): the centre did not answer; the lists in use are kept", cli.Error.Text.Trim());
    }

    [Fact]
    public async Task Watch_prints_one_line_per_decision_and_ends_with_0_when_cancelled()
    {
        _server.Transit.StreamedDecisions =
        [
            Decision("ride-1", d =>
            {
                d.Medium = TapMedium.Card;
                d.Allowed = new Allowed { FareFen = 200, BalanceAfterFen = 1850 };
                d.Timing = new TapTiming
                {
                    Apdu = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(120)),
                    Own = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(4)),
                    SincePresented = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(310)),
                };
            }),
            Decision("ride-2", d =>
            {
                d.Medium = TapMedium.QrCode;
                d.Allowed = new Allowed { FreeReason = FreeRideReason.Category, FreeCategory = "veteran" };
                d.StaleLists.Add("hot");
            }),
            Decision("ride-3", d =>
            {
                d.Medium = TapMedium.Card;
                d.Refused = new Refused { Reason = TapRefusal.InsufficientBalance, BalanceFen = 150, FareFen = 200 };
                d.Journaled = false;
            }),
            Decision("ride-1", d =>
            {
                d.Medium = TapMedium.Card;
                d.Allowed = new Allowed { FareFen = 200, BalanceAfterFen = 1850 };
                d.Repeated = true;
            }),
        ];
        var cli = new CliRun();
        using var stop = new CancellationTokenSource();

        var run = cli.InvokeAsync(["transit", "watch", "--gate", "G-01", "--endpoint", _server.Address], stop.Token);
        await cli.Out.WaitUntilAsync(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 4, Patience);
        await stop.CancelAsync();
        var exit = await run.WaitAsync(Patience);

        Assert.Equal(0, exit);
        var lines = cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(
            "2026-05-06T07:08:09.000Z gate G-01 (L2 人民广场) card allowed, fare 2.00 yuan, balance after 18.50 yuan; ride ride-1; apdu 120ms own 4ms since presented 310ms",
            lines[0]);
        Assert.Equal("2026-05-06T07:08:09.000Z gate G-01 (L2 人民广场) QR code allowed free (category veteran); ride ride-2; stale lists: hot", lines[1]);
        Assert.Equal(
            "2026-05-06T07:08:09.000Z gate G-01 (L2 人民广场) card refused: insufficient balance (balance 1.50 yuan, fare 2.00 yuan); ride ride-3; NOT JOURNALED",
            lines[2]);
        Assert.Contains("; ride ride-1; repeated tap (nothing charged again)", lines[3], StringComparison.Ordinal);
        Assert.Equal("", cli.Error.Text);
        Assert.Equal("G-01", Assert.Single(_server.Transit.WatchCalls).Request.GateId);
        await _server.Transit.WatchCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Watch_json_prints_one_parseable_object_per_decision()
    {
        _server.Transit.StreamedDecisions =
        [
            Decision("ride-7", d => d.Allowed = new Allowed { FreeReason = FreeRideReason.Age }),
            Decision("ride-8", d => d.Refused = new Refused { Reason = TapRefusal.HotListed }),
        ];
        var cli = new CliRun();
        using var stop = new CancellationTokenSource();

        var run = cli.InvokeAsync(["transit", "watch", "--json", "--endpoint", _server.Address], stop.Token);
        await cli.Out.WaitUntilAsync(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, Patience);
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(Patience));
        var lines = cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var free = JsonDocument.Parse(lines[0]);
        Assert.Equal("ride-7", free.RootElement.GetProperty("rideId").GetString());
        Assert.Equal("FREE_RIDE_REASON_AGE", free.RootElement.GetProperty("allowed").GetProperty("freeReason").GetString());
        using var refused = JsonDocument.Parse(lines[1]);
        Assert.Equal("TAP_REFUSAL_HOT_LISTED", refused.RootElement.GetProperty("refused").GetProperty("reason").GetString());
        Assert.Equal("", Assert.Single(_server.Transit.WatchCalls).Request.GateId);
    }

    [Fact]
    public async Task Watch_without_the_transit_scope_prints_SCOPE_DENIED_and_exits_1()
    {
        _server.Transit.WatchFailure = CardBridgeErrors.Build(Code.PermissionDenied, "SCOPE_DENIED", "needs transit", (ErrorDomain.RequiredScope, "transit"));
        var cli = new CliRun();

        var exit = await cli.InvokeAsync(["transit", "watch", "--endpoint", _server.Address], CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(1, exit);
        Assert.Equal("error: SCOPE_DENIED (PermissionDenied): needs transit", cli.Error.Text.Trim());
    }

    private static GateDecision Decision(string rideId, Action<GateDecision> arrange)
    {
        var decision = new GateDecision
        {
            RideId = rideId,
            GateId = "G-01",
            Line = "L2",
            Stop = "人民广场",
            Medium = TapMedium.Card,
            DecidedAt = Synced,
            Journaled = true,
        };
        arrange(decision);
        return decision;
    }

    private static string[] Cells(string line) =>
        line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
