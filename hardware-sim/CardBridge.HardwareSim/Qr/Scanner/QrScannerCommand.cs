using System.CommandLine;
using System.Globalization;

namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>
/// The <c>qr</c> command: <c>cardbridge-sim qr --serial /dev/pts/N | --tcp-listen PORT --text TEXT [--repeat N
/// --interval MS --suffix cr|lf|crlf|none --prefix P --burst N --disconnect-after N --reconnect-after MS]</c> frames the
/// given code text the way a scanner does and writes it. With <c>--tcp-listen</c> it prints
/// <c>listening 127.0.0.1:PORT</c> once it listens.
/// </summary>
public static class QrScannerCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var serial = new Option<string>("--serial") { Description = "tty to write to (one end of a pty pair)." };
        var tcpListen = new Option<int?>("--tcp-listen") { Description = "Loopback TCP port to serve the codes on (0 picks a free one)." };
        var text = new Option<string>("--text") { Description = "The code text to send.", Required = true };
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
        foreach (var milliseconds in new[] { interval, reconnectAfter })
        {
            milliseconds.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 0)
                {
                    result.AddError($"{result.Option.Name} must not be negative.");
                }
            });
        }
        var command = new Command("qr", "Act as a QR scanner: frame a code text and write it to a tty or a TCP client.")
        {
            serial, tcpListen, text, repeat, interval, suffix, prefix, burst, disconnectAfter, reconnectAfter,
        };
        command.Validators.Add(result =>
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
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var script = new ScannerScript
            {
                Text = parseResult.GetValue(text)!,
                Prefix = parseResult.GetValue(prefix)!,
                Suffix = parseResult.GetValue(suffix),
                Repeat = parseResult.GetValue(repeat),
                Interval = TimeSpan.FromMilliseconds(parseResult.GetValue(interval)),
                Burst = parseResult.GetValue(burst),
                DisconnectAfter = parseResult.GetValue(disconnectAfter),
                ReconnectDelay = TimeSpan.FromMilliseconds(parseResult.GetValue(reconnectAfter)),
            };
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                if (parseResult.GetValue(serial) is { } path)
                {
                    await SerialScanner.PlayAsync(path, script, cancellationToken);
                    return 0;
                }
                using var scanner = TcpScanner.Listen(parseResult.GetValue(tcpListen)!.Value);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"listening 127.0.0.1:{scanner.Port}"));
                await output.FlushAsync(cancellationToken);
                await scanner.PlayAsync(script, cancellationToken);
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"qr: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
