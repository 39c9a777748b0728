using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Qr.Platform;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>
/// The <c>qr</c> command acts as a QR scanner on a tty (<c>--serial</c>) or as a network scanner serving one TCP client
/// (<c>--tcp-listen</c>; the issue's <c>--tcp host:port</c> is this mode: the scanner serves, the terminal connects):
/// <list type="bullet">
/// <item><c>qr --serial PTY | --tcp-listen PORT --text TEXT [--repeat N --disconnect-after N --reconnect-after MS]</c>
/// frames the given text.</item>
/// <item><c>qr --serial PTY | --tcp-listen PORT --code transit|evoucher|essc [--holder PROFILE] [--variant
/// valid|expired|tampered|replayed] [--replay-after MS] [--seed SEED] [--platform http://127.0.0.1:PORT/]</c> reads
/// one code of the holder: transit codes are made locally, e-voucher and e-SSC codes are issued by the simulated
/// platform (<c>qr-platform</c>) at <c>--platform</c>.</item>
/// <item><c>qr --serial PTY | --tcp-listen PORT [--code … --holder … --platform …] --stdin</c> keeps the device open
/// and reads line commands from stdin (see <see cref="ScannerSession.Help"/>), printing the help once the device is
/// open and one status line per command; without <c>--code</c> only <c>text</c> and <c>replay</c> send.</item>
/// </list>
/// Every mode takes <c>--interval MS --suffix cr|lf|crlf|none --prefix P --burst N</c>. With <c>--tcp-listen</c> it
/// prints <c>listening 127.0.0.1:PORT</c> once it listens; a read prints <c>sent TYPE VARIANT N chars</c>, never the code.
/// </summary>
public static class QrScannerCommand
{
    private static readonly string[] CodeTypes = ["transit", "evoucher", "essc"];

    /// <summary>Builds the command, reading <c>--stdin</c> commands from the console.</summary>
    public static Command Create() => Create(Console.In);

    internal static Command Create(TextReader input)
    {
        var serial = new Option<string>("--serial") { Description = "tty to write to (one end of a pty pair)." };
        var tcpListen = new Option<int?>("--tcp-listen") { Description = "Loopback TCP port to serve the codes on (0 picks a free one)." };
        var text = new Option<string>("--text") { Description = "The code text to send (exactly one of --text and --code)." };
        var code = new Option<string>("--code")
        {
            Description = "Type of code to read for --holder: transit (made locally), evoucher or essc (issued by --platform).",
        };
        code.AcceptOnlyFromAmong(CodeTypes);
        var holder = new Option<string>("--holder") { Description = "Card profile of the code's holder.", DefaultValueFactory = _ => "third-gen" };
        var variant = new Option<ScannerCodeVariant>("--variant")
        {
            Description = "Which code: valid, expired, tampered, or replayed (a valid code read twice, --replay-after apart).",
            DefaultValueFactory = _ => ScannerCodeVariant.Valid,
        };
        var replayAfter = new Option<int>("--replay-after")
        {
            Description = "Milliseconds between the two reads of a replayed code (longer than a 2 s debounce window).",
            DefaultValueFactory = _ => 3000,
        };
        var seed = new Option<string>("--seed") { Description = "Seed of the fake transit key set.", DefaultValueFactory = _ => SimTransitQrKeys.DefaultSeed };
        var platform = new Option<string>("--platform") { Description = "Base URL of the simulated QR platform (qr-platform), for evoucher and essc." };
        var stdin = new Option<bool>("--stdin")
        {
            Description = "Keep the device open and read commands from stdin: " + ScannerSession.Help + ".",
        };
        var repeat = new Option<int>("--repeat") { Description = "How many reads.", DefaultValueFactory = _ => 1 };
        var interval = new Option<int>("--interval") { Description = "Milliseconds between reads.", DefaultValueFactory = _ => 200 };
        var suffix = new Option<ScannerSuffix>("--suffix") { Description = "What ends a code: cr, lf, crlf or none.", DefaultValueFactory = _ => ScannerSuffix.Cr };
        var prefix = new Option<string>("--prefix") { Description = "Prefix sent before each code.", DefaultValueFactory = _ => "" };
        var burst = new Option<int>("--burst") { Description = "Identical frames per read, back to back (duplicate burst).", DefaultValueFactory = _ => 1 };
        var disconnectAfter = new Option<int?>("--disconnect-after") { Description = "TCP only: drop the connection and close the port after N reads." };
        var reconnectAfter = new Option<int>("--reconnect-after") { Description = "TCP only: milliseconds the port stays closed.", DefaultValueFactory = _ => 500 };
        foreach (var positive in new[] { repeat, burst })
        {
            positive.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError($"{result.Option.Name} must be at least 1.");
                }
            });
        }
        foreach (var milliseconds in new[] { interval, reconnectAfter, replayAfter })
        {
            milliseconds.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 0)
                {
                    result.AddError($"{result.Option.Name} must not be negative.");
                }
            });
        }
        var command = new Command("qr",
            "Act as a QR scanner: read a given text, or a holder's valid/expired/tampered/replayed code, to a tty or a TCP client "
            + "(the issue's --tcp host:port is --tcp-listen PORT: the scanner serves, the terminal connects).")
        {
            serial, tcpListen, text, code, holder, variant, replayAfter, seed, platform, stdin,
            repeat, interval, suffix, prefix, burst, disconnectAfter, reconnectAfter,
        };
        command.Validators.Add(result =>
        {
            try
            {
                Validate(result);
            }
            catch (InvalidOperationException)
            {
                // A value that does not convert (--code bus) throws when read; its option reports that error itself.
            }
        });
        void Validate(CommandResult result)
        {
            var hasSerial = result.GetValue(serial) is not null;
            var hasTcp = result.GetValue(tcpListen) is not null;
            if (hasSerial == hasTcp)
            {
                result.AddError("Give exactly one of --serial and --tcp-listen.");
            }
            if (hasSerial && result.GetValue(disconnectAfter) is not null)
            {
                result.AddError("--disconnect-after needs --tcp-listen: a serial line is unplugged by its pty's owner.");
            }
            var hasText = result.GetValue(text) is not null;
            var type = result.GetValue(code);
            var console = result.GetValue(stdin);
            if (hasText && type is not null)
            {
                result.AddError("Give --text or --code, not both.");
            }
            else if (hasText && console)
            {
                result.AddError("With --stdin a text is sent by the console command 'text TEXT', not --text.");
            }
            else if (!hasText && type is null && !console)
            {
                result.AddError("Give exactly one of --text and --code (--stdin alone sends only texts).");
            }
            if (type is null)
            {
                foreach (var codeOnly in new Option[] { holder, variant, replayAfter, seed, platform })
                {
                    if (result.GetResult(codeOnly) is { Implicit: false })
                    {
                        result.AddError($"{codeOnly.Name} needs --code.");
                    }
                }
            }
            if (!hasText || console)
            {
                foreach (var textOnly in new Option[] { repeat, disconnectAfter })
                {
                    if (result.GetResult(textOnly) is { Implicit: false })
                    {
                        result.AddError($"{textOnly.Name} needs --text without --stdin.");
                    }
                }
            }
            if (console && result.GetResult(variant) is { Implicit: false })
            {
                result.AddError("--variant is chosen per command with --stdin.");
            }
            var platformUrl = result.GetValue(platform);
            if (type is "evoucher" or "essc" && platformUrl is null)
            {
                result.AddError($"--code {type} needs --platform (the URL qr-platform prints).");
            }
            if (type == "transit" && platformUrl is not null)
            {
                result.AddError("--code transit is made locally: no --platform.");
            }
            if (platformUrl is not null && PlatformUri(platformUrl) is null)
            {
                result.AddError("--platform must be an http URL on a loopback address, e.g. http://127.0.0.1:PORT/.");
            }
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var framing = new ScannerScript
            {
                Text = parseResult.GetValue(text) ?? "",
                Prefix = parseResult.GetValue(prefix)!,
                Suffix = parseResult.GetValue(suffix),
                Repeat = parseResult.GetValue(repeat),
                Interval = TimeSpan.FromMilliseconds(parseResult.GetValue(interval)),
                Burst = parseResult.GetValue(burst),
                DisconnectAfter = parseResult.GetValue(disconnectAfter),
                ReconnectDelay = TimeSpan.FromMilliseconds(parseResult.GetValue(reconnectAfter)),
            };
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var tcpPort = parseResult.GetValue(tcpListen);
            var console = parseResult.GetValue(stdin);
            try
            {
                if (!console && parseResult.GetValue(code) is null)
                {
                    await PlayTextAsync(parseResult.GetValue(serial), tcpPort, framing, output, cancellationToken);
                    return 0;
                }
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                var issuer = Issuer(parseResult.GetValue(code), parseResult.GetValue(holder)!, parseResult.GetValue(seed)!,
                    parseResult.GetValue(platform), http);
                using var scanner = tcpPort is { } port ? TcpScanner.Listen(port) : null;
                if (scanner is not null)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"listening 127.0.0.1:{scanner.Port}").AsMemory(), cancellationToken);
                    await output.FlushAsync(cancellationToken);
                }
                await using var link = scanner is not null
                    ? await scanner.AcceptAsync(cancellationToken)
                    : SerialScanner.Open(parseResult.GetValue(serial)!);
                var session = new ScannerSession(link, issuer, framing, TimeSpan.FromMilliseconds(parseResult.GetValue(replayAfter)), output, TimeProvider.System);
                if (console)
                {
                    await session.RunConsoleAsync(input, cancellationToken);
                }
                else
                {
                    await session.ReadCodeAsync(parseResult.GetValue(variant), cancellationToken);
                }
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (CardProfileException e)
            {
                await error.WriteLineAsync($"qr: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or CodeIssueException)
            {
                await error.WriteLineAsync($"qr: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The platform base URL as an absolute http URI on a loopback host ending in '/', or null when it is not one.</summary>
    internal static Uri? PlatformUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !uri.IsLoopback
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static ICodeIssuer? Issuer(string? type, string holder, string seed, string? platform, HttpClient http) => type switch
    {
        null => null,
        "transit" => new TransitCodeIssuer(
            new SimTransitQrGenerator(SimTransitQrKeys.FromSeed(seed), TimeProvider.System), Transit.TransitQrCommand.CardNumberOf(holder)),
        _ => new PlatformCodeIssuer(http, PlatformUri(platform!)!, type == "evoucher" ? SimQrCodeType.EVoucher : SimQrCodeType.SocialSecurityCard, holder),
    };

    private static async Task PlayTextAsync(string? serialPath, int? tcpPort, ScannerScript script, TextWriter output, CancellationToken cancellationToken)
    {
        if (serialPath is not null)
        {
            await SerialScanner.PlayAsync(serialPath, script, cancellationToken);
            return;
        }
        using var scanner = TcpScanner.Listen(tcpPort!.Value);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"listening 127.0.0.1:{scanner.Port}").AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        await scanner.PlayAsync(script, cancellationToken);
    }
}
