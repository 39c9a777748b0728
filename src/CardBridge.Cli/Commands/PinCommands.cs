using System.CommandLine;
using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;

namespace CardBridge.Cli.Commands;

/// <summary>
/// <c>cardbridge pin status|change|unblock|reload</c>: the PIN's lifecycle in the service's IdentityService. PINs are
/// never arguments: each is asked for (hidden) on a terminal or read as the next line of standard input.
/// </summary>
internal static class PinCommands
{
    public static Command Build(CliConsole console) =>
        new("pin", "The holder's PIN beyond verification (verify-pin): its status, a change, and a teller's unblock and reload")
        {
            Status(console),
            Change(console),
            Unblock(console),
            Reload(console),
        };

    private static Command Status(CliConsole console)
    {
        var command = new Command("status", "Show the PIN's tries left and whether it is blocked, without spending a try (scope pin or pin.admin)");
        var target = TargetOptions.AddTo(command);
        var purpose = IdentityCommands.PurposeOption(command);
        return command.WithServiceAction(console, async run =>
        {
            var client = new IdentityService.IdentityServiceClient(run.Invoker);
            var request = new GetPinStatusRequest { Target = target.Read(run.ParseResult), Purpose = run.ParseResult.GetValue(purpose) ?? "" };
            var response = await client.GetPinStatusAsync(request, run.Unary());
            return await run.ReplyAsync(response, () =>
            {
                var rows = new FieldTable();
                rows.Add("session id", response.SessionId);
                rows.Add("verified", response.Verified ? "yes" : "no");
                rows.Add("tries left", TriesLeft(response.HasTriesLeft, response.TriesLeft));
                rows.Add("blocked", response.Blocked ? "yes" : "no");
                return rows.ToTable();
            });
        });
    }

    private static Command Change(CliConsole console)
    {
        var command = new Command(
            "change",
            "Change the holder's PIN: the current PIN, then the new one twice (hidden prompts, or three lines of standard input), "
            + "or with --pin-pad all three typed on the reader's PIN pad (scope pin)");
        var target = TargetOptions.AddTo(command);
        var pinPad = new Option<bool>("--pin-pad") { Description = "The holder types the current and new PIN on the reader's PIN pad (they never reach this host)" };
        command.Options.Add(pinPad);
        var purpose = IdentityCommands.PurposeOption(command);
        return command.WithServiceAction(console, async run =>
        {
            var request = new ChangePinRequest { Target = target.Read(run.ParseResult), Purpose = run.ParseResult.GetValue(purpose) ?? "" };
            if (run.ParseResult.GetValue(pinPad))
            {
                request.UsePinPad = true;
            }
            else
            {
                if (await IdentityCommands.ReadPinAsync(console, run.CancellationToken, "current PIN") is not { } current
                    || await NewPinAsync(console, run.CancellationToken) is not { } replacement)
                {
                    return ExitCodes.Usage;
                }
                request.CurrentPin = current;
                request.NewPin = replacement;
            }
            var client = new IdentityService.IdentityServiceClient(run.Invoker);
            var response = await IdentityCommands.SendDroppingPinAsync(() => client.ChangePinAsync(request, run.Unary()), () =>
            {
                request.CurrentPin = "";
                request.NewPin = "";
            });
            return await run.ReplyAsync(response, $"PIN changed (session {response.SessionId})");
        });
    }

    private static Command Unblock(CliConsole console)
    {
        var command = new Command(
            "unblock",
            "At a counter: restore a blocked PIN's tries, the PIN itself unchanged; the PSAM computes the card's MAC (scope pin.admin, --purpose required)");
        var target = TargetOptions.AddTo(command);
        var cardCode = CardCodeOption(command);
        var purpose = IdentityCommands.PurposeOption(command);
        return command.WithServiceAction(console, async run =>
        {
            var client = new IdentityService.IdentityServiceClient(run.Invoker);
            var request = new UnblockPinRequest
            {
                Target = target.Read(run.ParseResult),
                Purpose = run.ParseResult.GetValue(purpose) ?? "",
                ExpectedCardIdentificationCode = run.ParseResult.GetValue(cardCode) ?? "",
            };
            var response = await client.UnblockPinAsync(request, run.Unary());
            return await run.ReplyAsync(response, $"PIN unblocked (session {response.SessionId}, tries left {TriesLeft(response.HasTriesLeft, response.TriesLeft) ?? "unknown"})");
        });
    }

    private static Command Reload(CliConsole console)
    {
        var command = new Command(
            "reload",
            "At a counter: set a new PIN the holder chose (typed twice: hidden prompts, or two lines of standard input) on a card whose "
            + "PIN is forgotten or blocked; the PSAM computes the card's MAC (scope pin.admin, --purpose required)");
        var target = TargetOptions.AddTo(command);
        var cardCode = CardCodeOption(command);
        var purpose = IdentityCommands.PurposeOption(command);
        return command.WithServiceAction(console, async run =>
        {
            if (await NewPinAsync(console, run.CancellationToken) is not { } replacement)
            {
                return ExitCodes.Usage;
            }
            var request = new ReloadPinRequest
            {
                Target = target.Read(run.ParseResult),
                Purpose = run.ParseResult.GetValue(purpose) ?? "",
                ExpectedCardIdentificationCode = run.ParseResult.GetValue(cardCode) ?? "",
                NewPin = replacement,
            };
            var client = new IdentityService.IdentityServiceClient(run.Invoker);
            var response = await IdentityCommands.SendDroppingPinAsync(() => client.ReloadPinAsync(request, run.Unary()), () => request.NewPin = "");
            return await run.ReplyAsync(response, $"PIN reloaded (session {response.SessionId}, tries left {TriesLeft(response.HasTriesLeft, response.TriesLeft) ?? "unknown"})");
        });
    }

    // The new PIN twice, as at any PIN change: a typing error found here costs the holder nothing.
    private static async Task<string?> NewPinAsync(CliConsole console, CancellationToken cancellationToken)
    {
        if (await IdentityCommands.ReadPinAsync(console, cancellationToken, "new PIN") is not { } first
            || await IdentityCommands.ReadPinAsync(console, cancellationToken, "new PIN again") is not { } second)
        {
            return null;
        }
        if (!string.Equals(first, second, StringComparison.Ordinal))
        {
            await console.Error.WriteLineAsync("error: the two new PINs differ; nothing was sent");
            return null;
        }
        return first;
    }

    private static Option<string?> CardCodeOption(Command command)
    {
        var option = new Option<string?>("--card-code")
        {
            Description = "Only touch the card with this card identification code (32 hex digits, as `cardbridge read` shows it)",
        };
        command.Options.Add(option);
        return option;
    }

    private static string? TriesLeft(bool known, int value) => known ? value.ToString(CultureInfo.InvariantCulture) : null;
}
