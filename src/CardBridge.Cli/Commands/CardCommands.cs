using System.CommandLine;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;

namespace CardBridge.Cli.Commands;

/// <summary><c>cardbridge card bank</c> and <c>card medical</c>: the service's CardService, the card's data beyond identity.</summary>
internal static class CardCommands
{
    public static Command Build(CliConsole console) =>
        new("card", "The card's data beyond identity: its bank account, its own medical records")
        {
            Bank(console),
            Medical(console),
        };

    private static Command Bank(CliConsole console)
    {
        var command = new Command("bank", "Show the bank account behind the card (UnionPay PAN and expiry): the PAN masked with scope bank.masked, whole with bank.full");
        var target = TargetOptions.AddTo(command);
        var purpose = IdentityCommands.PurposeOption(command);
        return command.WithServiceAction(console, async run =>
        {
            var client = new CardService.CardServiceClient(run.Invoker);
            var request = new ReadBankAccountRequest { Target = target.Read(run.ParseResult), Purpose = run.ParseResult.GetValue(purpose) ?? "" };
            var response = await client.ReadBankAccountAsync(request, run.Unary());
            return await run.ReplyAsync(response, () => CardView.Bank(response).ToTable());
        });
    }

    private static Command Medical(CliConsole console)
    {
        var command = new Command(
            "medical",
            "Show the card's own medical insurance records: the basics, and with --with-pin or --pin-pad also the offline state and the "
            + "transaction log. The PIN is never an argument: --with-pin asks for it (hidden) or reads one line from standard input");
        var target = TargetOptions.AddTo(command);
        var withPin = new Option<bool>("--with-pin") { Description = "Ask for the holder's PIN, which opens the offline state and the log" };
        var pinPad = new Option<bool>("--pin-pad") { Description = "The holder types the PIN on the reader's PIN pad (it never reaches this host)" };
        command.Options.Add(withPin);
        command.Options.Add(pinPad);
        command.Validators.Add(result =>
        {
            if (result.GetValue(withPin) && result.GetValue(pinPad))
            {
                result.AddError("give --with-pin or --pin-pad, not both");
            }
        });
        var purpose = IdentityCommands.PurposeOption(command);
        return command.WithServiceAction(console, async run =>
        {
            var request = new ReadMedicalRecordsRequest { Target = target.Read(run.ParseResult), Purpose = run.ParseResult.GetValue(purpose) ?? "" };
            if (run.ParseResult.GetValue(pinPad))
            {
                request.UsePinPad = true;
            }
            else if (run.ParseResult.GetValue(withPin))
            {
                if (await IdentityCommands.ReadPinAsync(console, run.CancellationToken) is not { } pin)
                {
                    return ExitCodes.Usage;
                }
                request.Pin = pin;
            }
            var client = new CardService.CardServiceClient(run.Invoker);
            var response = await IdentityCommands.SendDroppingPinAsync(() => client.ReadMedicalRecordsAsync(request, run.Unary()), request.ClearEntry);
            return await run.ReplyAsync(response, () =>
            {
                console.Ansi.Write(CardView.Medical(response.Records ?? new MedicalRecordsOnCard()).ToTable());
                if (response.Records?.Transactions.Count > 0)
                {
                    console.Ansi.Write(CardView.Transactions(response.Records));
                }
                return Task.CompletedTask;
            });
        });
    }
}
