using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;

namespace CardBridge.Qr.Sources;

/// <summary>
/// A keyboard-wedge scanner: codes typed as text lines, read either from a device node / named pipe (reopened when
/// it ends or disappears) or from a given <see cref="TextReader"/> such as stdin (the source completes when it ends).
/// </summary>
public sealed class KeyboardWedgeQrSource : ScanLoopQrSource
{
    /// <summary>Creates a source reading the device node or pipe at <see cref="KeyboardWedgeQrSourceOptions.DevicePath"/> (not started).</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public KeyboardWedgeQrSource(KeyboardWedgeQrSourceOptions options, TimeProvider time, ILogger<KeyboardWedgeQrSource> logger)
        : base(OptionsAnnotations.Checked(options).Name, new ScanLoop(options.Name, cancellationToken => OpenAsync(options.DevicePath, cancellationToken),
            reopenAtEnd: true, options.Framing, options.Reconnect, time, logger))
    {
    }

    /// <summary>
    /// Creates a source reading <paramref name="reader"/> (stdin, a pipe) until it ends; the reader is not owned.
    /// An I/O error on it is retried after <see cref="QrReconnectOptions.InitialDelay"/> with the same reader.
    /// </summary>
    /// <exception cref="ValidationException">A framing setting is invalid.</exception>
    public KeyboardWedgeQrSource(string name, TextReader reader, QrFramingOptions framing, TimeProvider time, ILogger<KeyboardWedgeQrSource> logger)
        : this(NotEmpty(name), new TextReaderScanInput(reader ?? throw new ArgumentNullException(nameof(reader)), ownsReader: false), framing, time, logger)
    {
    }

    private KeyboardWedgeQrSource(string name, TextReaderScanInput input, QrFramingOptions framing, TimeProvider time, ILogger<KeyboardWedgeQrSource> logger)
        : base(name, new ScanLoop(name, _ => Task.FromResult<IScanInput>(input), reopenAtEnd: false,
            framing, new QrReconnectOptions(), time, logger))
    {
    }

    private static string NotEmpty(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }


    private static async Task<IScanInput> OpenAsync(string path, CancellationToken cancellationToken)
    {
        // Opening a named pipe for reading blocks until a writer appears: do it off the loop so stopping never waits on it.
        var stream = await Task.Run(
            () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0),
            CancellationToken.None).WaitAsync(cancellationToken);
        return new StreamScanInput(stream, owner: null);
    }
}
