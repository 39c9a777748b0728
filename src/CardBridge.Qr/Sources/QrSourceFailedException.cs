namespace CardBridge.Qr.Sources;

/// <summary>
/// A scanner source stopped for good because of a failure that reopening the device cannot cure (for example a
/// serial setting the port refuses, or a reader that is not an I/O device failing); <see cref="IQrSource.Scans"/>
/// completes with it. Device absence or loss is never this error: the source reconnects instead.
/// </summary>
public sealed class QrSourceFailedException : QrException
{
    /// <summary>Creates the error for <paramref name="scanner"/>.</summary>
    public QrSourceFailedException(string scanner, Exception innerException)
        : base($"QR scanner '{scanner}' stopped: {innerException?.GetType().Name}", innerException!)
    {
        Scanner = scanner;
    }

    /// <summary>The scanner's name.</summary>
    public string Scanner { get; }
}
