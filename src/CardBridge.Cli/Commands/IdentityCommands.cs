using System.CommandLine;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;
using Google.Protobuf.WellKnownTypes;

namespace CardBridge.Cli.Commands;

/// <summary><c>cardbridge read</c>, <c>verify-pin</c> and <c>await</c>: the service's IdentityService.</summary>
internal static class IdentityCommands
{
    // AwaitCredential ends by itself after its own timeout; the deadline only guards against a server that does not.
    private static readonly TimeSpan AwaitGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ServerAwaitDefault = TimeSpan.FromSeconds(60);

    public static IEnumerable<Command> Build(CliConsole console) => [Read(console), VerifyPin(console), Await(console)];

    private static Command Read(CliConsole console)
    {
        var command = new Command("read", "Show the identity of a card, as pre-read by the service and allowed by your scopes");
        var target = TargetOptions.AddTo(command);
        var purpose = PurposeOption(command);
        var allowExpired = new Option<bool>("--allow-expired") { Description = "Answer for a card outside its validity period" };
        command.Options.Add(allowExpired);
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var client = new IdentityService.IdentityServiceClient(connection.Invoker);
            var request = new ReadCardRequest
            {
                Target = target.Read(parseResult),
                Purpose = parseResult.GetValue(purpose) ?? "",
                AllowExpired = parseResult.GetValue(allowExpired),
            };
            var response = await client.ReadCardAsync(request, connection.Unary(cancellationToken));
            if (settings.Json)
            {
                await JsonLines.WriteAsync(console.Out, response);
            }
            else
            {
                console.Ansi.Write(IdentityView.Table(response.Identity ?? new CardIdentity()));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command VerifyPin(CliConsole console)
    {
        var command = new Command(
            "verify-pin",
            "Verify the holder's PIN on the card. The PIN is never an argument: it is asked for (hidden) on a terminal, "
            + "or read as one line from standard input (echo \"$PIN\" | cardbridge verify-pin)");
        var target = TargetOptions.AddTo(command);
        var pinPad = new Option<bool>("--pin-pad") { Description = "The holder types the PIN on the reader's PIN pad (it never reaches this host)" };
        command.Options.Add(pinPad);
        var purpose = PurposeOption(command);
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var request = new VerifyPinRequest
            {
                Target = target.Read(parseResult),
                Purpose = parseResult.GetValue(purpose) ?? "",
            };
            if (parseResult.GetValue(pinPad))
            {
                request.UsePinPad = true;
            }
            else
            {
                var pin = await console.Pin.ReadAsync(cancellationToken);
                if (string.IsNullOrEmpty(pin))
                {
                    await console.Error.WriteLineAsync("error: no PIN given (type it at the prompt, or pipe one line to standard input)");
                    return ExitCodes.Usage;
                }
                request.Pin = pin;
            }
            var client = new IdentityService.IdentityServiceClient(connection.Invoker);
            VerifyPinResponse response;
            try
            {
                response = await client.VerifyPinAsync(request, connection.Unary(cancellationToken));
            }
            finally
            {
                // Drop this process's reference as soon as the request is on the wire.
                request.ClearEntry();
            }
            if (settings.Json)
            {
                await JsonLines.WriteAsync(console.Out, response);
            }
            else
            {
                await console.Out.WriteLineAsync($"PIN verified (session {response.SessionId})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Await(CliConsole console)
    {
        var reader = new Option<string?>("--reader", "-r") { Description = "Only this reader (default: any reader)" };
        var timeout = DurationText.Option("--timeout", "How long to wait for a card, 1s to 10m (default: the service's 60s); the call's deadline is this plus 10s");
        var onlyNew = new Option<bool>("--only-new") { Description = "Ignore cards already in a reader; wait for a new one" };
        var allowExpired = new Option<bool>("--allow-expired") { Description = "Answer for a card outside its validity period" };
        var command = new Command("await", "Wait until a card is presented and show its identity (\"present your card\")")
        {
            reader, timeout, onlyNew, allowExpired,
        };
        var purpose = PurposeOption(command);
        var options = ClientOptions.AddTo(command, withCallTimeout: false);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var wait = parseResult.GetValue(timeout);
            var request = new AwaitCredentialRequest
            {
                Reader = parseResult.GetValue(reader) ?? "",
                Purpose = parseResult.GetValue(purpose) ?? "",
                Timeout = wait is null ? null : Duration.FromTimeSpan(wait.Value),
                OnlyNew = parseResult.GetValue(onlyNew),
                AllowExpired = parseResult.GetValue(allowExpired),
            };
            var client = new IdentityService.IdentityServiceClient(connection.Invoker);
            var deadline = (wait ?? ServerAwaitDefault) + AwaitGrace;
            var response = await client.AwaitCredentialAsync(request, ServiceConnection.Within(deadline, cancellationToken));
            if (settings.Json)
            {
                await JsonLines.WriteAsync(console.Out, response);
            }
            else if (response.CredentialCase == AwaitCredentialResponse.CredentialOneofCase.Card)
            {
                console.Ansi.Write(IdentityView.Table(response.Card));
            }
            else
            {
                await console.Out.WriteLineAsync("a credential of a kind this client does not show was presented (use --json)");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> PurposeOption(Command command)
    {
        var purpose = new Option<string?>("--purpose") { Description = "Why you ask (recorded in the service's audit log), up to 128 characters" };
        command.Options.Add(purpose);
        return purpose;
    }
}
