using System.ComponentModel.DataAnnotations;
using System.IO.Ports;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CardBridge.Qr.Sources;

/// <summary>
/// A serial / USB-CDC scanner read through <see cref="SerialPort"/>. When the port disappears (unplugged, the pty's
/// owner gone) it is reopened by path with a capped backoff, so a stable symlink brings a re-plugged scanner back.
/// </summary>
public sealed class SerialQrSource : IQrSource
{
    private readonly ScanLoop _loop;

    /// <summary>Creates the source (not started).</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public SerialQrSource(SerialQrSourceOptions options, TimeProvider time, ILogger<SerialQrSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        Name = options.Name;
        _loop = new ScanLoop(this, options.Name, _ => Task.FromResult<IScanInput>(Open(options)), reopenAtEnd: true,
            options.Framing, options.Reconnect, time, logger);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public QrSourceConnectivity Connectivity => _loop.Connectivity;

    /// <inheritdoc />
    public ChannelReader<QrScan> Scans => _loop.Scans;

    /// <inheritdoc />
    public event EventHandler<QrSourceConnectivityEventArgs>? ConnectivityChanged
    {
        add => _loop.ConnectivityChanged += value;
        remove => _loop.ConnectivityChanged -= value;
    }

    /// <inheritdoc />
    public event EventHandler<QrLineRejectedEventArgs>? LineRejected
    {
        add => _loop.LineRejected += value;
        remove => _loop.LineRejected -= value;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => _loop.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _loop.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private static StreamScanInput Open(SerialQrSourceOptions options)
    {
        var port = new SerialPort(options.PortPath, options.BaudRate, options.Parity, options.DataBits, options.StopBits)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
        };
        try
        {
            var presence = DevicePresence.Capture(options.PortPath, options.PresenceCheckInterval);
            port.Open();
            return new StreamScanInput(port.BaseStream, port, presence);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }
}
