using System.CommandLine;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Cli.Commands;

/// <summary><c>cardbridge read</c>, <c>verify-pin</c> and <c>await</c>: the service's IdentityService.</summary>
internal static class IdentityCommands
{
    // AwaitCredential ends by itself after its own timeout; the deadline only guards against a server that does not.
    private static readonly TimeSpan AwaitGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ServerAwaitDefault = TimeSpan.FromSeconds(60);
    private const string StatusDetailsHeader = "grpc-status-details-bin";

    public static IEnumerable<Command> Build(CliConsole console) => [Read(console), VerifyPin(console), Await(console)];

    private static Command Read(CliConsole console)
    {
        var command = new Command("read", "Show the identity of a card, as pre-read by the service and allowed by your scopes");
        var target = TargetOptions.AddTo(command);
        var purpose = PurposeOption(command);
        var allowExpired = new Option<bool>("--allow-expired") { Description = "Answer for a card outside its validity period" };
        command.Options.Add(allowExpired);
        return command.WithServiceAction(console, async run =>
        {
            var client = new IdentityService.IdentityServiceClient(run.Invoker);
            var request = new ReadCardRequest
            {
                Target = target.Read(run.ParseResult),
                Purpose = run.ParseResult.GetValue(purpose) ?? "",
                AllowExpired = run.ParseResult.GetValue(allowExpired),
            };
            var response = await client.ReadCardAsync(request, run.Unary());
            return await run.ReplyAsync(response, () => IdentityView.Fields(response.Identity ?? new CardIdentity()).ToTable());
        });
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
        return command.WithServiceAction(console, async run =>
        {
            var request = new VerifyPinRequest
            {
                Target = target.Read(run.ParseResult),
                Purpose = run.ParseResult.GetValue(purpose) ?? "",
            };
            if (run.ParseResult.GetValue(pinPad))
            {
                request.UsePinPad = true;
            }
            else if (await ReadPinAsync(console, run.CancellationToken) is { } pin)
            {
                request.Pin = pin;
            }
            else
            {
                return ExitCodes.Usage;
            }
            var client = new IdentityService.IdentityServiceClient(run.Invoker);
            // Drop this process's reference to the PIN as soon as the request is on the wire.
            var response = await SendDroppingPinAsync(() => client.VerifyPinAsync(request, run.Unary()), request.ClearEntry);
            return await run.ReplyAsync(response, $"PIN verified (session {response.SessionId})");
        });
    }

    private static Command Await(CliConsole console)
    {
        var reader = new Option<string?>("--reader", "-r") { Description = "Only cards in this reader (default: any reader)" };
        var scanner = new Option<string?>("--scanner") { Description = "Only codes from this QR scanner (default: any scanner)" };
        var cardsOnly = new Option<bool>("--cards-only") { Description = "Only a card answers; scanned codes are ignored" };
        var codesOnly = new Option<bool>("--codes-only") { Description = "Only a scanned QR code answers; inserted cards are ignored" };
        var timeout = DurationText.Option("--timeout", "How long to wait, 1s to 10m (default: the service's 60s); the call's deadline is this plus 10s");
        var onlyNew = new Option<bool>("--only-new") { Description = "Ignore cards already in a reader and codes scanned before; wait for a new one" };
        var allowExpired = new Option<bool>("--allow-expired") { Description = "Answer for a card outside its validity period" };
        var command = new Command(
            "await",
            "Wait until a card is presented or a QR code is scanned and show whichever came first (\"present your card or code\"); "
            + "a refused code ends the wait with its QR_* error")
        {
            reader, scanner, cardsOnly, codesOnly, timeout, onlyNew, allowExpired,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(cardsOnly) && result.GetValue(codesOnly))
            {
                result.AddError("give --cards-only or --codes-only, not both");
            }
        });
        var purpose = PurposeOption(command);
        return command.WithServiceAction(console, async run =>
        {
            var wait = run.ParseResult.GetValue(timeout);
            var request = new AwaitCredentialRequest
            {
                Reader = run.ParseResult.GetValue(reader) ?? "",
                Scanner = run.ParseResult.GetValue(scanner) ?? "",
                Purpose = run.ParseResult.GetValue(purpose) ?? "",
                Timeout = wait is null ? null : Duration.FromTimeSpan(wait.Value),
                OnlyNew = run.ParseResult.GetValue(onlyNew),
                AllowExpired = run.ParseResult.GetValue(allowExpired),
                Accept = run.ParseResult.GetValue(cardsOnly) ? PresentedKinds.CardsOnly
                    : run.ParseResult.GetValue(codesOnly) ? PresentedKinds.CodesOnly
                    : PresentedKinds.CardsAndCodes,
            };
            var client = new IdentityService.IdentityServiceClient(run.Invoker);
            var deadline = (wait ?? ServerAwaitDefault) + AwaitGrace;
            using var call = client.AwaitCredentialAsync(request, ServiceConnection.Within(deadline, run.CancellationToken));
            // The service sends its headers once it is listening: from then on whatever is presented is seen.
            var headers = await call.ResponseHeadersAsync;
            if (!Ended(call, headers))
            {
                await console.Error.WriteLineAsync(Waiting(request.Accept));
                await console.Error.FlushAsync(run.CancellationToken);
            }
            var response = await call.ResponseAsync;
            return await run.ReplyAsync(response, () => ShowAsync(console, response));
        }, withCallTimeout: false);
    }

    private static async Task ShowAsync(CliConsole console, AwaitCredentialResponse response)
    {
        switch (response.CredentialCase)
        {
            case AwaitCredentialResponse.CredentialOneofCase.Card:
                console.Ansi.Write(IdentityView.Fields(response.Card).ToTable());
                break;
            case AwaitCredentialResponse.CredentialOneofCase.Code:
                console.Ansi.Write(CodeView.Fields(response.Code).ToTable());
                break;
            default:
                await console.Out.WriteLineAsync("a credential of a kind this client does not show was presented (use --json)");
                break;
        }
    }

    // A call that failed at once answers with trailers only: its headers are its status, and CardBridge errors always
    // carry their ErrorInfo there (grpc-status-details-bin), which the headers the service sends once it listens never do.
    private static bool Ended(AsyncUnaryCall<AwaitCredentialResponse> call, Metadata headers)
    {
        if (headers.Get(StatusDetailsHeader) is not null)
        {
            return true;
        }
        try
        {
            call.GetStatus();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Waiting(PresentedKinds accept) => accept switch
    {
        PresentedKinds.CardsOnly => "waiting for a card (Ctrl-C to stop)",
        PresentedKinds.CodesOnly => "waiting for a code (Ctrl-C to stop)",
        _ => "waiting for a card or a code (Ctrl-C to stop)",
    };

    /// <summary>The PIN from the hidden prompt or one line of standard input; null (after saying so) when none was given.</summary>
    internal static async Task<string?> ReadPinAsync(CliConsole console, CancellationToken cancellationToken, string label = "PIN")
    {
        var pin = await console.Pin.ReadAsync(cancellationToken, label);
        if (string.IsNullOrEmpty(pin))
        {
            await console.Error.WriteLineAsync($"error: no {label} given (type it at the prompt, or pipe one line per PIN to standard input)");
            return null;
        }
        return pin;
    }

    /// <summary>Sends a request that may hold a PIN and clears it from the request whatever the outcome.</summary>
    internal static async Task<T> SendDroppingPinAsync<T>(Func<AsyncUnaryCall<T>> send, Action clearPin)
    {
        try
        {
            return await send();
        }
        finally
        {
            clearPin();
        }
    }

    internal static Option<string?> PurposeOption(Command command)
    {
        var purpose = new Option<string?>("--purpose") { Description = "Why you ask (recorded in the service's audit log), up to 128 characters" };
        command.Options.Add(purpose);
        return purpose;
    }
}
