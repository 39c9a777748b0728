using System.Globalization;

namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>
/// A simulated scanner with its device open: reads codes on demand (one frame burst each, framed as
/// <see cref="ScannerScript"/> says) and prints one status line per read, <c>sent TYPE VARIANT N chars</c>; never
/// the code itself, which carries personal data. <see cref="RunConsoleAsync"/> takes the reads from line commands.
/// </summary>
internal sealed class ScannerSession(IScannerLink link, ICodeIssuer? issuer, ScannerScript framing, TimeSpan replayAfter, TextWriter output, TimeProvider time)
{
    /// <summary>The line commands <see cref="RunConsoleAsync"/> reads.</summary>
    public const string Help = "commands: valid | expired | tampered | replay | text TEXT | quit";

    private string? _last;
    private string _lastType = "";

    /// <summary>Reads a fresh code of <paramref name="variant"/>; <see cref="ScannerCodeVariant.Replayed"/> reads a valid one, then the same again after the replay delay.</summary>
    /// <exception cref="CodeIssueException">No code type was given, or the code cannot be had.</exception>
    public async Task ReadCodeAsync(ScannerCodeVariant variant, CancellationToken cancellationToken)
    {
        var codes = issuer ?? throw new CodeIssueException("no --code given: only text and replay are possible");
        if (variant == ScannerCodeVariant.Replayed)
        {
            await ReadCodeAsync(ScannerCodeVariant.Valid, cancellationToken);
            await Task.Delay(replayAfter, time, cancellationToken);
            await ReplayAsync(cancellationToken);
            return;
        }
        var code = await codes.IssueAsync(variant, cancellationToken);
        await SendAsync(code, codes.TypeName, VariantName(variant), cancellationToken);
    }

    /// <summary>Reads <paramref name="text"/> as it is.</summary>
    public Task ReadTextAsync(string text, CancellationToken cancellationToken) => SendAsync(text, "text", null, cancellationToken);

    /// <summary>Reads the last code again.</summary>
    /// <exception cref="CodeIssueException">Nothing was read yet.</exception>
    public Task ReplayAsync(CancellationToken cancellationToken) =>
        _last is { } last
            ? SendAsync(last, _lastType, "replay", cancellationToken)
            : throw new CodeIssueException("nothing was sent yet, so there is nothing to replay");

    /// <summary>
    /// Prints <see cref="Help"/> (the device is open: the session is ready), then runs one line command at a time
    /// until <c>quit</c> or end of input. A code that cannot be had answers <c>error: …</c> and the session goes on.
    /// </summary>
    public async Task RunConsoleAsync(TextReader input, CancellationToken cancellationToken)
    {
        await PrintAsync(Help, cancellationToken);
        string? line;
        while ((line = await input.ReadLineAsync(cancellationToken)) is not null)
        {
            var command = line.Trim();
            try
            {
                switch (command.Split(' ', 2, StringSplitOptions.TrimEntries))
                {
                    case [""]:
                        break;
                    case ["quit"]:
                        await PrintAsync("bye", cancellationToken);
                        return;
                    case ["valid"]:
                        await ReadCodeAsync(ScannerCodeVariant.Valid, cancellationToken);
                        break;
                    case ["expired"]:
                        await ReadCodeAsync(ScannerCodeVariant.Expired, cancellationToken);
                        break;
                    case ["tampered"]:
                        await ReadCodeAsync(ScannerCodeVariant.Tampered, cancellationToken);
                        break;
                    case ["replay"]:
                        await ReplayAsync(cancellationToken);
                        break;
                    case ["text", { Length: > 0 } text]:
                        await ReadTextAsync(text, cancellationToken);
                        break;
                    default:
                        await PrintAsync("error: " + Help, cancellationToken);
                        break;
                }
            }
            catch (CodeIssueException e)
            {
                await PrintAsync("error: " + e.Message, cancellationToken);
            }
        }
    }

    internal static string VariantName(ScannerCodeVariant variant) => variant.ToString().ToLowerInvariant();

    private async Task SendAsync(string code, string type, string? variant, CancellationToken cancellationToken)
    {
        await link.SendAsync((framing with { Text = code }).BurstFrames(), cancellationToken);
        (_last, _lastType) = (code, type);
        var label = variant is null ? type : type + " " + variant;
        await PrintAsync(string.Create(CultureInfo.InvariantCulture, $"sent {label} {code.Length} chars"), cancellationToken);
        // The pause after a read is what ends a suffix-less code.
        await Task.Delay(framing.Interval, time, cancellationToken);
    }

    private async Task PrintAsync(string line, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(line.AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }
}
