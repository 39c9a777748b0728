using System.CommandLine;
using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;

namespace CardBridge.Cli.Commands;

/// <summary>
/// <c>cardbridge settle pre|pay|reverse</c>: SettlementService by hand, for counter staff checking a bill (scope
/// <c>settlement</c>). The patient is the card (<c>--session</c>/<c>--reader</c>), an e-voucher token or an identity
/// document; a card payment asks for the holder's PIN as <c>verify-pin</c> does, or takes it on the PIN pad.
/// </summary>
internal static class SettleCommands
{
    private static readonly IReadOnlyList<(string Word, SettlementScenario Scenario)> ScenarioWords =
    [
        ("outpatient", SettlementScenario.Outpatient),
        ("pharmacy", SettlementScenario.Pharmacy),
        ("inpatient", SettlementScenario.Inpatient),
    ];

    public static Command Build(CliConsole console) =>
        new("settle", "Medical settlement by hand: trial calculation, payment under an idempotency key, reversal (scope settlement)")
        {
            PreSettle(console),
            Pay(console),
            Reverse(console),
        };

    private static Command PreSettle(CliConsole console)
    {
        var command = new Command("pre", "Ask the centre how a bill would split (fund, account, cash and the itemised breakdown); commits nothing");
        var patient = PatientOptions.AddTo(command);
        var bill = BillOptions.AddTo(command);
        return command.WithServiceAction(console, async run =>
        {
            var client = new SettlementService.SettlementServiceClient(run.Invoker);
            var response = await client.PreSettleAsync(
                new PreSettleRequest { Credential = patient.Read(run.ParseResult), Bill = bill.Read(run.ParseResult), Purpose = "cli pre-settle" },
                run.Unary());
            return await run.ReplyAsync(response, () => Split(response.Amounts, response.Breakdown).ToTable());
        });
    }

    private static Command Pay(CliConsole console)
    {
        var key = new Option<string>("--key", "-k") { Description = "The idempotency key (the HIS charge number): the same key never pays twice", Required = true };
        var pinPad = new Option<bool>("--pin-pad") { Description = "A card payment's PIN is typed on the reader's PIN pad" };
        var command = new Command(
            "pay", "Settle a bill once per key; a card payment asks for the PIN (hidden prompt, or one line on standard input)") { key, pinPad };
        var patient = PatientOptions.AddTo(command);
        var bill = BillOptions.AddTo(command);
        return command.WithServiceAction(console, async run =>
        {
            var request = new SettleRequest
            {
                IdempotencyKey = run.ParseResult.GetValue(key)!,
                Credential = patient.Read(run.ParseResult),
                Bill = bill.Read(run.ParseResult),
                Purpose = "cli settle",
            };
            if (request.Credential.CredentialCase == SettlementCredential.CredentialOneofCase.Card)
            {
                if (run.ParseResult.GetValue(pinPad))
                {
                    request.UsePinPad = true;
                }
                else if (await console.Pin.ReadAsync(run.CancellationToken) is { Length: > 0 } pin)
                {
                    request.Pin = pin;
                }
            }
            var response = await new SettlementService.SettlementServiceClient(run.Invoker).SettleAsync(request, run.Unary());
            return await run.ReplyAsync(response, () =>
            {
                var rows = Split(response.Amounts, response.Breakdown);
                rows.Add("mode", response.Offline ? "offline" : "online");
                rows.Add("settlement id", response.SettlementId);
                rows.Add("journal sequence", response.Offline ? Number(response.JournalSequence) : null);
                rows.Add("replayed", response.Replayed ? "yes" : "no");
                return rows.ToTable();
            });
        });
    }

    private static Command Reverse(CliConsole console)
    {
        var key = new Option<string>("--key", "-k") { Description = "The reversal's own idempotency key", Required = true };
        var settlement = new Option<string>("--settlement-key") { Description = "The idempotency key the settlement was paid under", Required = true };
        var command = new Command("reverse", "Cancel an online settlement at the centre, once per key") { key, settlement };
        return command.WithServiceAction(console, async run =>
        {
            var response = await new SettlementService.SettlementServiceClient(run.Invoker).ReverseAsync(new ReverseRequest
            {
                IdempotencyKey = run.ParseResult.GetValue(key)!,
                SettlementIdempotencyKey = run.ParseResult.GetValue(settlement)!,
                Purpose = "cli reverse",
            }, run.Unary());
            return await run.ReplyAsync(
                response, $"reversed {response.SettlementId}: {Fen.Yuan(response.Refunded?.TotalFen ?? 0)} given back{(response.Replayed ? " (replayed)" : "")}");
        });
    }

    private static FieldTable Split(Amounts? amounts, CardBridge.Api.V1.SettlementBreakdown? breakdown)
    {
        var rows = new FieldTable();
        amounts ??= new Amounts();
        rows.Add("total", Fen.Yuan(amounts.TotalFen));
        rows.Add("fund", Fen.Yuan(amounts.FundFen));
        rows.Add("account", Fen.Yuan(amounts.AccountFen));
        rows.Add("cash", Fen.Yuan(amounts.CashFen));
        if (breakdown is not null)
        {
            rows.Add("pooled fund", Fen.Yuan(breakdown.PooledFundFen));
            rows.Add("serious illness", Fen.Yuan(breakdown.SeriousIllnessFen));
            rows.Add("large expense", Fen.Yuan(breakdown.LargeExpenseFen));
            rows.Add("medical aid", Fen.Yuan(breakdown.MedicalAidFen));
            rows.Add("civil servant", Fen.Yuan(breakdown.CivilServantFen));
            rows.Add("deductible", Fen.Yuan(breakdown.DeductibleFen));
        }
        return rows;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>--reader/--session | --voucher | --id-number with --name</c>: who pays.</summary>
    private sealed class PatientOptions
    {
        private readonly Option<string?> _voucher = new("--voucher") { Description = "The patient's e-voucher token (instead of the card)" };
        private readonly Option<string?> _idNumber = new("--id-number") { Description = "The patient's identity document number (instead of the card)" };
        private readonly Option<string?> _name = new("--name") { Description = "The name on the identity document" };
        private TargetOptions _card = null!;

        public static PatientOptions AddTo(Command command)
        {
            var patient = new PatientOptions { _card = TargetOptions.AddTo(command) };
            command.Options.Add(patient._voucher);
            command.Options.Add(patient._idNumber);
            command.Options.Add(patient._name);
            command.Validators.Add(result =>
            {
                if (result.GetValue(patient._voucher) is not null && result.GetValue(patient._idNumber) is not null)
                {
                    result.AddError("give --voucher or --id-number, not both");
                }
                if ((result.GetValue(patient._idNumber) is null) != (result.GetValue(patient._name) is null))
                {
                    result.AddError("--id-number and --name go together");
                }
            });
            return patient;
        }

        public SettlementCredential Read(ParseResult parseResult) =>
            parseResult.GetValue(_voucher) is { } voucher ? new SettlementCredential { EVoucherToken = voucher }
            : parseResult.GetValue(_idNumber) is { } number ? new SettlementCredential { IdDocument = new IdDocument { Number = number, Name = parseResult.GetValue(_name)! } }
            : new SettlementCredential { Card = _card.Read(parseResult) };
    }

    /// <summary><c>--scenario --total-fen --visit-id</c>: the bill.</summary>
    private sealed class BillOptions
    {
        private readonly Option<string> _scenario = new("--scenario") { Description = "What is settled", DefaultValueFactory = _ => "outpatient" };
        private readonly Option<long> _total = new("--total-fen") { Description = "The bill in fen", Required = true };
        private readonly Option<string?> _visit = new("--visit-id") { Description = "The visit (mdtrt_id) from registration or admission" };

        public static BillOptions AddTo(Command command)
        {
            var bill = new BillOptions();
            bill._scenario.AcceptOnlyFromAmong([.. ScenarioWords.Select(w => w.Word)]);
            command.Options.Add(bill._scenario);
            command.Options.Add(bill._total);
            command.Options.Add(bill._visit);
            return bill;
        }

        public Bill Read(ParseResult parseResult) => new()
        {
            Scenario = ScenarioWords.Single(w => w.Word == parseResult.GetValue(_scenario)).Scenario,
            TotalFen = parseResult.GetValue(_total),
            VisitId = parseResult.GetValue(_visit) ?? "",
        };
    }
}
