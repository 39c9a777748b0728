using System.ComponentModel.DataAnnotations;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CardBridge.Qr.Sources;

/// <summary>
/// A scanner on a TCP port, read as lines. A refused or timed-out connection, or the scanner closing it, is a lost
/// device: the source reconnects with a capped backoff.
/// </summary>
public sealed class TcpQrSource : ScanLoopQrSource
{
    /// <summary>Creates the source (not started).</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public TcpQrSource(TcpQrSourceOptions options, TimeProvider time, ILogger<TcpQrSource> logger)
        : base(OptionsAnnotations.Checked(options).Name, new ScanLoop(options.Name, cancellationToken => ConnectAsync(options, time, cancellationToken),
            reopenAtEnd: true, options.Framing, options.Reconnect, time ?? throw new ArgumentNullException(nameof(time)), logger))
    {
    }


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
