using Spectre.Console;

namespace CardBridge.Cli.Output;

/// <summary>
/// Where <c>verify-pin</c> and <c>pin</c> get PINs. Never the command line (it would show in the process list): a hidden
/// prompt when standard input is a terminal, otherwise the first line of standard input, so scripts pipe it in.
/// </summary>
internal sealed class PinInput(TextReader input, bool inputIsTerminal, IAnsiConsole prompt)
{
    /// <summary>
    /// The PIN, or null when standard input ended without a line. <paramref name="label"/> names it on the prompt
    /// (<c>current PIN</c>, <c>new PIN</c>); from standard input each call takes the next line.
    /// </summary>
    public async Task<string?> ReadAsync(CancellationToken cancellationToken, string label = "PIN")
    {
        if (inputIsTerminal)
        {
            return await new TextPrompt<string>($"{label}:").Secret(null).ShowAsync(prompt, cancellationToken);
        }
        var line = await input.ReadLineAsync(cancellationToken);
        return line?.Trim();
    }
}
