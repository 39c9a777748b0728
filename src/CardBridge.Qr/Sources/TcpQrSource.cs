using System.ComponentModel.DataAnnotations;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CardBridge.Qr.Sources;

/// <summary>
/// A scanner on a TCP port, read as lines. A refused or timed-out connection, or the scanner closing it, is a lost
/// device: the source reconnects with a capped backoff.
/// </summary>
public sealed class TcpQrSource : IQrSource
{
    private readonly ScanLoop _loop;

    /// <summary>Creates the source (not started).</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public TcpQrSource(TcpQrSourceOptions options, TimeProvider time, ILogger<TcpQrSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        Name = options.Name;
        _loop = new ScanLoop(this, options.Name, cancellationToken => ConnectAsync(options, time, cancellationToken),
            reopenAtEnd: true, options.Framing, options.Reconnect, time, logger);
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

    private static async Task<IScanInput> ConnectAsync(TcpQrSourceOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var attempt = new CancellationTokenSource(options.ConnectTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, cancellationToken);
            try
            {
                await client.ConnectAsync(options.Host, options.Port, linked.Token);
            }
            catch (OperationCanceledException) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No connection within {options.ConnectTimeout}.");
            }
            // A scanner that vanishes without closing (power cut) is noticed by keep-alive, not by a read.
            client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            return new StreamScanInput(client.GetStream(), client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
