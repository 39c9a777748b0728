using System.Text;

namespace CardBridge.IntegrationTests.Peers;

/// <summary>pcsc-tools' <c>scriptor</c> (Perl, PC/SC via pcsc-perl): a PC/SC client no one here wrote.</summary>
internal static class Scriptor
{
    /// <summary>Sends the APDUs in one session; returns each raw answer (data ‖ SW) as upper-case hex.</summary>
    public static async Task<IReadOnlyList<string>> TransmitAsync(
        string reader, IReadOnlyList<string> apdus, CancellationToken cancellationToken)
    {
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(script, apdus.Select(SpacedHex), cancellationToken);
            var (exitCode, output, error) = await ChildProcess.RunAsync(
                "/usr/bin/scriptor", ["-r", reader, script], TimeSpan.FromSeconds(30), cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"scriptor exited {exitCode}: {error}{output}");
            }
            return ParseAnswers(output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    // scriptor prints each answer as "< 6F 1C ... 90 00 : Normal processing.", wrapping long answers over
    // several lines of 16 bytes; the answer ends at " : ".
    internal static IReadOnlyList<string> ParseAnswers(string output)
    {
        var answers = new List<string>();
        StringBuilder? current = null;
        foreach (var line in output.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.StartsWith("< ", StringComparison.Ordinal))
            {
                current = new StringBuilder();
                text = text[2..];
            }
            else if (current is null)
            {
                continue;
            }
            var end = text.IndexOf(" : ", StringComparison.Ordinal);
            current.Append(text[..(end < 0 ? text.Length : end)].Replace(" ", "", StringComparison.Ordinal));
            if (end >= 0)
            {
                answers.Add(current.ToString().ToUpperInvariant());
                current = null;
            }
        }
        return answers;
    }

    private static string SpacedHex(string hex) =>
        string.Join(' ', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(2 * i, 2)));
}
