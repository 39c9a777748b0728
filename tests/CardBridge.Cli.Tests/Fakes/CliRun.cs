using CardBridge.Cli.Output;
using Spectre.Console;

namespace CardBridge.Cli.Tests.Fakes;

/// <summary>The real command tree run in process, with its output captured and its input and environment given.</summary>
internal sealed class CliRun
{
    public CliRun(string stdin = "", IReadOnlyDictionary<string, string>? environment = null)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });
        ansi.Profile.Width = 200;
        var env = environment ?? new Dictionary<string, string>();
        Console = new CliConsole
        {
            Out = Out,
            Ansi = ansi,
            Error = Error,
            Pin = new PinInput(new StringReader(stdin), inputIsTerminal: false, ansi),
            Environment = name => env.TryGetValue(name, out var value) ? value : null,
        };
    }

    public CapturedWriter Out { get; } = new();

    public CapturedWriter Error { get; } = new();

    public CliConsole Console { get; }

    public Task<int> InvokeAsync(params string[] args) => InvokeAsync(args, CancellationToken.None);

    public Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken) =>
        CardBridgeCommandLine.InvokeAsync(args, Console, processTerminationTimeout: null, cancellationToken);
}
