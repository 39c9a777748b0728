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

    private static Command Profiles(CliConsole console)
    {
        var command = new Command("profiles", "List the card profiles that can be inserted");
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, _, cancellationToken) =>
        {
            var client = new SimulatorService.SimulatorServiceClient(connection.Invoker);
            var response = await client.ListProfilesAsync(new ListProfilesRequest(), connection.Unary(cancellationToken));
            if (settings.Json)
            {
                await JsonLines.WriteAsync(console.Out, response);
                return ExitCodes.Ok;
            }
            foreach (var profile in response.Profiles)
            {
                await console.Out.WriteLineAsync(profile);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Insert(CliConsole console)
    {
        var reader = new Option<string>("--reader", "-r") { Description = "A simulated reader", Required = true };
        var profile = new Option<string>("--profile", "-p") { Description = "A profile from 'sim profiles'", Required = true };
        var command = new Command("insert", "Put a fresh card of a profile into a simulated reader") { reader, profile };
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var client = new SimulatorService.SimulatorServiceClient(connection.Invoker);
            var request = new InsertCardRequest { Reader = parseResult.GetValue(reader)!, Profile = parseResult.GetValue(profile)! };
            var response = await client.InsertCardAsync(request, connection.Unary(cancellationToken));
            await JsonLines.WriteResultAsync(console.Out, settings.Json, response, $"inserted a {request.Profile} card into {request.Reader}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliConsole console)
    {
        var reader = new Option<string>("--reader", "-r") { Description = "A simulated reader", Required = true };
        var command = new Command("remove", "Take the card out of a simulated reader") { reader };
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var client = new SimulatorService.SimulatorServiceClient(connection.Invoker);
            var request = new RemoveCardRequest { Reader = parseResult.GetValue(reader)! };
            var response = await client.RemoveCardAsync(request, connection.Unary(cancellationToken));
            await JsonLines.WriteResultAsync(console.Out, settings.Json, response, $"removed the card from {request.Reader}");
            return ExitCodes.Ok;
        });
        return command;
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
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var client = new SimulatorService.SimulatorServiceClient(connection.Invoker);
            var request = new PressKeysRequest { Reader = parseResult.GetValue(reader)! };
            if (parseResult.GetValue(digits) is { } typed)
            {
                request.Digits = typed;
            }
            else if (parseResult.GetValue(cancel))
            {
                request.Cancel = true;
            }
            else
            {
                request.TimeOut = true;
            }
            var response = await client.PressKeysAsync(request, connection.Unary(cancellationToken));
            await JsonLines.WriteResultAsync(console.Out, settings.Json, response, $"the next PIN prompt on {request.Reader} gets: {request.EntryCase}");
            return ExitCodes.Ok;
        });
        return command;
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
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var kindWord = parseResult.GetValue(kind);
            var codeWord = parseResult.GetValue(code)!;
            var request = new PresentCodeRequest
            {
                Scanner = parseResult.GetValue(scanner)!,
                Kind = kindWord is null ? QrCodeKind.Unspecified : CodeKindNames.Words.Single(w => w.Word == kindWord).Kind,
                Holder = parseResult.GetValue(holder) ?? "",
                Code = CodeWords.Single(w => w.Word == codeWord).Code,
            };
            var client = new SimulatorService.SimulatorServiceClient(connection.Invoker);
            var response = await client.PresentCodeAsync(request, connection.Unary(cancellationToken));
            var shown = request.Code switch
            {
                SimulatedCode.Replay => "the last code again",
                SimulatedCode.Garbage => "a text that is no code",
                SimulatedCode.Valid => $"a {kindWord} code",
                _ => $"a {codeWord} {kindWord} code",
            };
            await JsonLines.WriteResultAsync(console.Out, settings.Json, response,
                string.Create(CultureInfo.InvariantCulture, $"showed {shown} ({response.Length} chars) to {request.Scanner}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
