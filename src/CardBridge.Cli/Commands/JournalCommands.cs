using System.CommandLine;
using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;
using Spectre.Console;
using static CardBridge.Cli.Output.FieldTable;

namespace CardBridge.Cli.Commands;

/// <summary>
/// <c>cardbridge journal stats|upload-now|verify|list</c>: the service's JournalService, the offline journal of an
/// unattended terminal. The service masks what it returns; these commands print only fields it sent.
/// </summary>
internal static class JournalCommands
{
    /// <summary>The <c>--state</c> words, as the journal export names the states.</summary>
    private static readonly IReadOnlyList<(string Word, JournalRecordState State)> StateWords =
    [
        ("pending", JournalRecordState.Pending),
        ("uploaded", JournalRecordState.Uploaded),
        ("rejected", JournalRecordState.Rejected),
        ("awaiting_card", JournalRecordState.AwaitingCard),
        ("voided", JournalRecordState.Voided),
    ];

    private const int MaxListLimit = 1000;

    public static Command Build(CliConsole console) =>
        new("journal", "The offline journal: backlog, upload, chain check, records (no personal fields)")
        {
            Stats(console),
            UploadNow(console),
            Verify(console),
            List(console),
        };

    private static Command Stats(CliConsole console) =>
        new Command("stats", "The backlog: records per state, the oldest pending record's age, whether the centre is reachable, the last upload round")
            .WithServiceAction(console, async run =>
            {
                var client = new JournalService.JournalServiceClient(run.Invoker);
                var response = await client.StatsAsync(new JournalStatsRequest(), run.Unary());
                return await run.ReplyAsync(response, () => StatsTable(response).ToTable());
            });

    private static Command UploadNow(CliConsole console) =>
        new Command("upload-now", "Run one upload round now (after the one in progress) and print what it did; needs scope journal.admin")
            .WithServiceAction(console, async run =>
            {
                var client = new JournalService.JournalServiceClient(run.Invoker);
                var response = await client.UploadNowAsync(new UploadNowRequest(), run.Unary());
                var round = response.Round ?? new UploadRound();
                var ended = Instant(round.CompletedAt) is { } at ? $", ended {at}" : "";
                return await run.ReplyAsync(response, $"upload round: {Describe(round)}{ended}");
            });

    private static Command Verify(CliConsole console) =>
        new Command("verify", "Check every record's seals and the chain linking them; exits 1 naming the first bad record when the chain is broken")
            .WithServiceAction(console, async run =>
            {
                var client = new JournalService.JournalServiceClient(run.Invoker);
                var response = await client.VerifyChainAsync(new VerifyChainRequest(), run.Unary());
                return await run.ReplyAsync(response, Describe(response), response.Intact ? ExitCodes.Ok : ExitCodes.CallFailed);
            });

    private static Command List(CliConsole console)
    {
        var state = new Option<string?>("--state")
        {
            Description = "Only records in this state (default: every state)",
            HelpName = string.Join('|', StateWords.Select(w => w.Word)),
        };
        state.AcceptOnlyFromAmong([.. StateWords.Select(w => w.Word)]);
        var from = new Option<long>("--from") { Description = "The first sequence to list (records are numbered 1, 2, 3…; default: the first)", HelpName = "sequence" };
        var limit = new Option<int?>("--limit") { Description = $"At most this many records, 1 to {MaxListLimit} (default: 100)", HelpName = "n" };
        var command = new Command("list", "List journal records in sequence order, one row each, as the service shows them (never a personal field)") { state, from, limit };
        command.Validators.Add(result =>
        {
            if (result.GetValue(from) < 0)
            {
                result.AddError("--from must be 0 or more");
            }
            if (result.GetValue(limit) is { } n && n is < 1 or > MaxListLimit)
            {
                result.AddError($"--limit must be 1 to {MaxListLimit}");
            }
        });
        return command.WithServiceAction(console, async run =>
        {
            var client = new JournalService.JournalServiceClient(run.Invoker);
            var request = new ListJournalRecordsRequest
            {
                State = run.ParseResult.GetValue(state) is { } word ? StateWords.Single(w => w.Word == word).State : JournalRecordState.Unspecified,
                FromSequence = run.ParseResult.GetValue(from),
                Limit = run.ParseResult.GetValue(limit) ?? 0,
            };
            var response = await client.ListAsync(request, run.Unary());
            return await run.ReplyAsync(response, () => ShowRecordsAsync(run.Console, response));
        });
    }

    private static FieldTable StatsTable(JournalStatsResponse response)
    {
        var rows = new FieldTable();
        rows.Add("pending", Number(response.PendingCount));
        rows.Add("oldest pending age", response.OldestPendingAge is { } age ? DurationText.Format(age.ToTimeSpan()) : null);
        rows.Add("uploaded", Number(response.UploadedCount));
        rows.Add("rejected", Number(response.RejectedCount));
        rows.Add("voided", Number(response.VoidedCount));
        rows.Add("last sequence", Number(response.LastSequence));
        rows.Add("centre", Connectivity(response.Connectivity));
        rows.Add("centre changed at", Instant(response.ConnectivityChangedAt));
        if (response.LastRound is { } round)
        {
            rows.Add("last round", Describe(round));
            rows.Add("last round ended at", Instant(round.CompletedAt));
        }
        return rows;
    }

    private static async Task ShowRecordsAsync(CliConsole console, ListJournalRecordsResponse response)
    {
        if (response.Records.Count == 0)
        {
            await console.Out.WriteLineAsync("no records");
            return;
        }
        var table = new Table()
            .AddColumn("seq").AddColumn("created at").AddColumn("kind").AddColumn("state").AddColumn("total (yuan)")
            .AddColumn("account").AddColumn("pooled").AddColumn("self-pay").AddColumn("TAC").AddColumn("terminal")
            .AddColumn("uuid").AddColumn("centre answer");
        foreach (var record in response.Records)
        {
            var amounts = record.Amounts ?? new JournalAmounts();
            table.AddRow(
                new Text(Number(record.Sequence)),
                new Text(Instant(record.CreatedAt) ?? ""),
                new Text(record.Kind),
                new Text(StateWord(record.State)),
                new Text(Fen.Amount(amounts.TotalFen)),
                new Text(Fen.Amount(amounts.AccountFen)),
                new Text(Fen.Amount(amounts.PooledFen)),
                new Text(Fen.Amount(amounts.SelfPayFen)),
                new Text(record.TacPresent ? "yes" : "no"),
                new Text(record.TerminalId),
                new Text(record.Uuid),
                new Text(CentreAnswer(record)));
        }
        console.Ansi.Write(table);
        if (response.NextFromSequence != 0)
        {
            await console.Out.WriteLineAsync($"more records: --from {Number(response.NextFromSequence)}");
        }
    }

    public static string Describe(UploadRound round)
    {
        var stopped = round.HasStoppedAtSequence
            ? $"stopped at sequence {Number(round.StoppedAtSequence)} (centre unreachable, or its card write still running)"
            : "nothing left pending";
        return $"{round.Uploaded.ToString(CultureInfo.InvariantCulture)} uploaded, {round.Rejected.ToString(CultureInfo.InvariantCulture)} rejected, {stopped}";
    }

    public static string Describe(VerifyChainResponse response)
    {
        var detail = string.IsNullOrEmpty(response.Detail) ? "" : $": {response.Detail}";
        if (response.Intact)
        {
            return $"chain intact: {Number(response.RecordsChecked)} records verified";
        }
        var record = response.HasFirstBadSequence ? $"record {Number(response.FirstBadSequence)}" : "the chain head";
        return $"chain broken at {record}: {FaultName(response.Fault)} ({Number(response.RecordsChecked)} records verified before it){detail}";
    }

    private static string CentreAnswer(JournalRecord record)
    {
        var at = Instant(record.StateChangedAt) is { } changed ? $" at {changed}" : "";
        if (!string.IsNullOrEmpty(record.CentreReference))
        {
            return $"ref {record.CentreReference}{at}";
        }
        if (!string.IsNullOrEmpty(record.RejectCode) || !string.IsNullOrEmpty(record.RejectReason))
        {
            return $"rejected {record.RejectCode} {record.RejectReason}".TrimEnd() + at;
        }
        return at.TrimStart();
    }

    private static string StateWord(JournalRecordState state) =>
        StateWords.Where(w => w.State == state).Select(w => w.Word).FirstOrDefault() ?? "unknown";

    private static string? Connectivity(CentreConnectivity connectivity) => connectivity switch
    {
        CentreConnectivity.Online => "online",
        CentreConnectivity.Offline => "offline (settlements go to the journal)",
        _ => null,
    };

    private static string FaultName(ChainFault fault) => fault switch
    {
        ChainFault.Edited => "a record's content was changed",
        ChainFault.Missing => "a record is missing",
        ChainFault.Reordered => "a record sits at another sequence than it was sealed at",
        ChainFault.BadHmac => "a seal was changed or forged, or a record added behind the journal's back",
        _ => "fault of a kind this client does not know",
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
