using System.CommandLine;
using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;
using Spectre.Console;
using static CardBridge.Cli.Output.FieldTable;

namespace CardBridge.Cli.Commands;

/// <summary><c>cardbridge transit sync-lists|watch</c>: the service's TransitService, for fare gates.</summary>
internal static class TransitCommands
{
    public static Command Build(CliConsole console) =>
        new("transit", "Fare gates: rider lists and the gates' decisions")
        {
            SyncLists(console),
            Watch(console),
        };

    private static Command SyncLists(CliConsole console) =>
        new Command("sync-lists", "Sync the rider lists with the centre now and show every list held (name, version, synced at, entries, changed); needs scope admin")
            .WithServiceAction(console, async run =>
            {
                var client = new TransitService.TransitServiceClient(run.Invoker);
                var response = await client.SyncRiderListsAsync(new SyncRiderListsRequest(), run.Unary());
                return await run.ReplyAsync(response, () => ListsTable(response));
            });

    private static Command Watch(CliConsole console)
    {
        var gate = new Option<string?>("--gate", "-g") { Description = "Only this gate's decisions (default: every gate's)" };
        return new Command("watch", "Print the fare gates' decisions, one line each, until Ctrl-C") { gate }
            .WithServiceAction(console, run =>
            {
                var client = new TransitService.TransitServiceClient(run.Invoker);
                var request = new WatchDecisionsRequest { GateId = run.ParseResult.GetValue(gate) ?? "" };
                return run.WatchAsync(options => client.WatchDecisions(request, options), Describe);
            });
    }

    private static Table ListsTable(SyncRiderListsResponse response)
    {
        var table = new Table().AddColumn("list").AddColumn("version").AddColumn("synced at").AddColumn("entries").AddColumn("changed");
        foreach (var list in response.Lists)
        {
            table.AddRow(
                new Text(list.Name),
                new Text(list.Version),
                new Text(Instant(list.SyncedAt) ?? ""),
                new Text(list.EntryCount.ToString(CultureInfo.InvariantCulture)),
                new Text(list.Changed ? "yes" : "no"));
        }
        return table;
    }

    /// <summary>
    /// One decision as a line: <c>TIME gate G (LINE STOP) MEDIUM OUTCOME; ride ID</c>, then what an operator should
    /// notice (a repeated tap, stale lists, a decision not journaled) and where the time went.
    /// </summary>
    public static string Describe(GateDecision decision)
    {
        var time = decision.DecidedAt?.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "-";
        var medium = decision.Medium switch
        {
            TapMedium.Card => "card",
            TapMedium.QrCode => "QR code",
            _ => "medium unknown",
        };
        var outcome = decision.OutcomeCase switch
        {
            GateDecision.OutcomeOneofCase.Allowed => Describe(decision.Allowed),
            GateDecision.OutcomeOneofCase.Refused => Describe(decision.Refused),
            _ => "outcome of a kind this client does not know",
        };
        var notes = new List<string> { $"ride {decision.RideId}" };
        if (decision.Repeated)
        {
            notes.Add("repeated tap (nothing charged again)");
        }
        if (decision.StaleLists.Count > 0)
        {
            notes.Add($"stale lists: {string.Join(", ", decision.StaleLists)}");
        }
        if (!decision.Journaled)
        {
            notes.Add("NOT JOURNALED");
        }
        if (decision.Timing is { } timing && Describe(timing) is { Length: > 0 } spent)
        {
            notes.Add(spent);
        }
        return $"{time} gate {decision.GateId} ({decision.Line} {decision.Stop}) {medium} {outcome}; {string.Join("; ", notes)}";
    }

    private static string Describe(Allowed allowed)
    {
        var what = allowed.FreeReason switch
        {
            FreeRideReason.Age => "allowed free (age)",
            FreeRideReason.Category => $"allowed free (category {allowed.FreeCategory})",
            _ => $"allowed, fare {Fen.Yuan(allowed.FareFen)}",
        };
        if (allowed.HasBalanceAfterFen)
        {
            what += $", balance after {Fen.Yuan(allowed.BalanceAfterFen)}";
        }
        if (allowed.Recovered)
        {
            what += ", an interrupted earlier purchase proven complete (charged once)";
        }
        return what;
    }

    private static string Describe(Refused refused)
    {
        var why = refused.Reason switch
        {
            TapRefusal.HotListed => "hot listed",
            TapRefusal.InsufficientBalance => "insufficient balance",
            TapRefusal.NoPurse => "no transit purse",
            TapRefusal.FareExceedsLimit => "fare above the code's per-trip limit",
            TapRefusal.PurchaseUnresolved => "an earlier interrupted purchase is unresolved",
            TapRefusal.CardNotAccepted => "card not accepted (purchase MAC did not verify)",
            _ => "reason of a kind this client does not know",
        };
        var money = new List<string>();
        if (refused.HasBalanceFen)
        {
            money.Add($"balance {Fen.Yuan(refused.BalanceFen)}");
        }
        if (refused.FareFen != 0)
        {
            money.Add($"fare {Fen.Yuan(refused.FareFen)}");
        }
        return money.Count == 0 ? $"refused: {why}" : $"refused: {why} ({string.Join(", ", money)})";
    }

    private static string Describe(TapTiming timing)
    {
        var parts = new List<string>();
        if (timing.Apdu is { } apdu)
        {
            parts.Add($"apdu {DurationText.Format(apdu.ToTimeSpan())}");
        }
        if (timing.Own is { } own)
        {
            parts.Add($"own {DurationText.Format(own.ToTimeSpan())}");
        }
        if (timing.SincePresented is { } since)
        {
            parts.Add($"since presented {DurationText.Format(since.ToTimeSpan())}");
        }
        return string.Join(" ", parts);
    }
}
