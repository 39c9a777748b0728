using System.IO.Pipelines;
using System.Text;
using CardBridge.Qr.Sources;
using Microsoft.Extensions.Logging;

namespace CardBridge.Simulation.Qr.Scanner;

/// <summary>
/// A QR scanner in process: <see cref="PresentAsync"/> holds a code to it, and <see cref="Source"/> reads the text down
/// the same path a keyboard-wedge scanner's keystrokes take (one line, ended by LF). The service's simulator mode plugs
/// the source in beside the configured scanners, which the service opens, reads and closes like any other.
/// </summary>
public sealed class SimulatedScanner : IAsyncDisposable
{
    private readonly Pipe _keystrokes = new();
    private readonly Lock _lock = new();
    private string? _lastCode;

    /// <summary>Creates the scanner named <paramref name="name"/> (its source not started).</summary>
    public SimulatedScanner(string name, TimeProvider time, ILogger<KeyboardWedgeQrSource> logger)
    {
        var keystrokes = new StreamReader(_keystrokes.Reader.AsStream(), Encoding.UTF8);
        Source = new KeyboardWedgeQrSource(name, keystrokes, new QrFramingOptions { Suffix = QrLineSuffix.LineFeed }, time, logger);
    }

    /// <summary>The scanner as a QR source, named as the scanner.</summary>
    public IQrSource Source { get; }

    /// <summary>
    /// Holds a code to the scanner: <paramref name="makeText"/> gets the last text held to it (null before the first)
    /// and returns the text to read now. Returns the text's length.
    /// </summary>
    public async Task<int> PresentAsync(Func<string?, string> makeText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(makeText);
        string text;
        lock (_lock)
        {
            text = makeText(_lastCode);
            _lastCode = text;
        }
        await _keystrokes.Writer.WriteAsync(Encoding.UTF8.GetBytes(text + "\n"), cancellationToken);
        return text.Length;
    }

    /// <summary>Closes the source (closing it again is harmless), then ends the keystrokes.</summary>
    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await _keystrokes.Writer.CompleteAsync();
    }
}
