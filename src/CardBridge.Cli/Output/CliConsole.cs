using Spectre.Console;

namespace CardBridge.Cli.Output;

/// <summary>
/// Everything the command line reads from and writes to, so the whole command tree runs in process (tests)
/// exactly as it runs on a terminal. Results go to <see cref="Out"/> (tables through <see cref="Ansi"/>, which
/// writes to the same stream), diagnostics and human-readable errors to <see cref="Error"/>.
/// </summary>
internal sealed class CliConsole
{
    public required TextWriter Out { get; init; }

    /// <summary>Spectre console over <see cref="Out"/>, for tables.</summary>
    public required IAnsiConsole Ansi { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Where a PIN comes from (hidden prompt or one line of standard input).</summary>
    public required PinInput Pin { get; init; }

    /// <summary>Reads an environment variable (CARDBRIDGE_ENDPOINT, CARDBRIDGE_API_KEY).</summary>
    public required Func<string, string?> Environment { get; init; }

    /// <summary>The process's own console: stdout, stderr, stdin, environment.</summary>
    public static CliConsole System()
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var prompt = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return new CliConsole
        {
            Out = Console.Out,
            Ansi = ansi,
            Error = Console.Error,
            Pin = new PinInput(Console.In, !Console.IsInputRedirected, prompt),
            Environment = global::System.Environment.GetEnvironmentVariable,
        };
    }
}
