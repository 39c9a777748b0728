using Google.Protobuf;

namespace CardBridge.Cli.Output;

/// <summary>
/// <c>--json</c> output: each message on one line in the proto3 JSON mapping (lowerCamelCase names, enums by
/// name), with default values written out so a script sees <c>"cardPresent": false</c> rather than nothing.
/// Fields with presence (optional scalars, sub-messages) still appear only when set.
/// </summary>
internal static class JsonLines
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static Task WriteAsync(TextWriter output, IMessage message) => output.WriteLineAsync(Formatter.Format(message));

    /// <summary>The message as a JSON line with <c>--json</c>, else the line for people.</summary>
    public static Task WriteResultAsync(TextWriter output, bool json, IMessage message, string text) =>
        json ? WriteAsync(output, message) : output.WriteLineAsync(text);
}
