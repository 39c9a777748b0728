using System.CommandLine;
using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;

namespace CardBridge.Cli.Commands;

/// <summary><c>cardbridge sim …</c>: the SimulatorService of a service started with <c>--simulate</c>.</summary>
internal static class SimulatorCommands
{
    public static Command Build(CliConsole console) =>
        new("sim", "Insert and remove simulated cards, show codes to simulated QR scanners (only a service started with --simulate answers)")
        {
            Profiles(console),
            Insert(console),
            Remove(console),
            Keys(console),
            PresentCode(console),
        };

    private static readonly IReadOnlyList<(string Word, SimulatedCode Code)> CodeWords =
    [
        ("valid", SimulatedCode.Valid),
        ("expired", SimulatedCode.Expired),
        ("tampered", SimulatedCode.Tampered),
        ("replay", SimulatedCode.Replay),
        ("garbage", SimulatedCode.Garbage),
    ];

    private static Command Profiles(CliConsole console) =>
        new Command("profiles", "List the card profiles that can be inserted")
            .WithServiceAction(console, async run =>
            {
                var client = new SimulatorService.SimulatorServiceClient(run.Invoker);
                var response = await client.ListProfilesAsync(new ListProfilesRequest(), run.Unary());
                return await run.ReplyAsync(response, async () =>
                {
                    foreach (var profile in response.Profiles)
                    {
                        await run.Console.Out.WriteLineAsync(profile);
                    }
                });
            });

    private static Command Insert(CliConsole console)
    {
        var reader = new Option<string>("--reader", "-r") { Description = "A simulated reader", Required = true };
        var profile = new Option<string>("--profile", "-p") { Description = "A profile from 'sim profiles'", Required = true };
        return new Command("insert", "Put a fresh card of a profile into a simulated reader") { reader, profile }
            .WithServiceAction(console, async run =>
            {
                var client = new SimulatorService.SimulatorServiceClient(run.Invoker);
                var request = new InsertCardRequest { Reader = run.ParseResult.GetValue(reader)!, Profile = run.ParseResult.GetValue(profile)! };
                var response = await client.InsertCardAsync(request, run.Unary());
                return await run.ReplyAsync(response, $"inserted a {request.Profile} card into {request.Reader}");
            });
    }

    private static Command Remove(CliConsole console)
    {
        var reader = new Option<string>("--reader", "-r") { Description = "A simulated reader", Required = true };
        return new Command("remove", "Take the card out of a simulated reader") { reader }
            .WithServiceAction(console, async run =>
            {
                var client = new SimulatorService.SimulatorServiceClient(run.Invoker);
                var request = new RemoveCardRequest { Reader = run.ParseResult.GetValue(reader)! };
                var response = await client.RemoveCardAsync(request, run.Unary());
                return await run.ReplyAsync(response, $"removed the card from {request.Reader}");
            });
    }

    private static Command Keys(CliConsole console)
    {
        var reader = new Option<string>("--reader", "-r") { Description = "A simulated PIN-pad reader (Simulation:PinPadReaders)", Required = true };
        var digits = new Option<string?>("--digits") { Description = "The digits the holder types before OK (a simulated holder's PIN; never a real one)" };
        var cancel = new Option<bool>("--cancel") { Description = "The holder presses Cancel" };
        var timeOut = new Option<bool>("--time-out") { Description = "The holder types nothing until the reader gives up" };
        var command = new Command("keys", "Script what the holder does at the next PIN prompt of a simulated PIN pad") { reader, digits, cancel, timeOut };
        command.Validators.Add(result =>
        {
            var chosen = (result.GetValue(digits) is not null ? 1 : 0) + (result.GetValue(cancel) ? 1 : 0) + (result.GetValue(timeOut) ? 1 : 0);
            if (chosen != 1)
            {
                result.AddError("give exactly one of --digits, --cancel, --time-out");
            }
        });
        return command.WithServiceAction(console, async run =>
        {
            var client = new SimulatorService.SimulatorServiceClient(run.Invoker);
            var request = new PressKeysRequest { Reader = run.ParseResult.GetValue(reader)! };
            if (run.ParseResult.GetValue(digits) is { } typed)
            {
                request.Digits = typed;
            }
            else if (run.ParseResult.GetValue(cancel))
            {
                request.Cancel = true;
            }
            else
            {
                request.TimeOut = true;
            }
            var response = await client.PressKeysAsync(request, run.Unary());
            return await run.ReplyAsync(response, $"the next PIN prompt on {request.Reader} gets: {request.EntryCase}");
        });
    }

    private static Command PresentCode(CliConsole console)
    {
        var scanner = new Option<string>("--scanner") { Description = "A simulated scanner (Simulation:Scanners, see 'readers')", Required = true };
        var kind = new Option<string?>("--kind") { Description = "The kind of code the holder shows" };
        kind.AcceptOnlyFromAmong([.. CodeKindNames.Words.Select(w => w.Word)]);
        var holder = new Option<string?>("--holder") { Description = "The card profile (from 'sim profiles') whose holder shows the code" };
        var code = new Option<string>("--code") { Description = "Which code: a valid one, an expired or tampered one, the last one again, or no code at all", DefaultValueFactory = _ => "valid" };
        code.AcceptOnlyFromAmong([.. CodeWords.Select(w => w.Word)]);
        var command = new Command("present-code", "Hold a holder's QR code to a simulated scanner, as a holder showing their app would") { scanner, kind, holder, code };
        command.Validators.Add(result =>
        {
            // Tokens, not values: an unknown --code or --kind is already an error of its own and has no value.
            var codeWord = result.GetResult(code)?.Tokens is [{ } token] ? token.Value : "valid";
            var madeFresh = codeWord is not ("replay" or "garbage");
            if (madeFresh && (result.GetResult(kind) is null || result.GetResult(holder) is null))
            {
                result.AddError("--kind and --holder are required (except with --code replay or garbage)");
            }
        });
        return command.WithServiceAction(console, async run =>
        {
            var kindWord = run.ParseResult.GetValue(kind);
            var codeWord = run.ParseResult.GetValue(code)!;
            var request = new PresentCodeRequest
            {
                Scanner = run.ParseResult.GetValue(scanner)!,
                Kind = kindWord is null ? QrCodeKind.Unspecified : CodeKindNames.Words.Single(w => w.Word == kindWord).Kind,
                Holder = run.ParseResult.GetValue(holder) ?? "",
                Code = CodeWords.Single(w => w.Word == codeWord).Code,
            };
            var client = new SimulatorService.SimulatorServiceClient(run.Invoker);
            var response = await client.PresentCodeAsync(request, run.Unary());
            var shown = request.Code switch
            {
                SimulatedCode.Replay => "the last code again",
                SimulatedCode.Garbage => "a text that is no code",
                SimulatedCode.Valid => $"a {kindWord} code",
                _ => $"a {codeWord} {kindWord} code",
            };
            return await run.ReplyAsync(response, string.Create(CultureInfo.InvariantCulture, $"showed {shown} ({response.Length} chars) to {request.Scanner}"));
        });
    }
}
