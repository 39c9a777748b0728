using System.Net;
using System.Net.Sockets;

namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>
/// A network scanner: listens on a loopback TCP port and plays a script to the first client that connects, dropping
/// the connection and closing the port for a while when the script asks (the "scanner rebooted" case).
/// </summary>
public sealed class TcpScanner : IDisposable
{
    private TcpListener _listener;

    private TcpScanner(TcpListener listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The port listened on.</summary>
    public int Port { get; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static TcpScanner Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new TcpScanner(listener);
    }

    /// <summary>Waits for a client; the link writes to it until disposed.</summary>
    internal async Task<IScannerLink> AcceptAsync(CancellationToken cancellationToken) =>
        new ClientLink(await _listener.AcceptTcpClientAsync(cancellationToken));

    /// <summary>Waits for a client and plays <paramref name="script"/> to it; closes the connection at the end.</summary>
    public async Task PlayAsync(ScannerScript script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        var burst = script.BurstFrames();
        var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        try
        {
            for (var read = 0; read < script.Repeat; read++)
            {
                if (read > 0 && read == script.DisconnectAfter)
                {
                    client.Dispose();
                    _listener.Stop();
                    await Task.Delay(script.ReconnectDelay, cancellationToken);
                    _listener = new TcpListener(IPAddress.Loopback, Port);
                    _listener.Start();
                    client = await _listener.AcceptTcpClientAsync(cancellationToken);
                }
                await client.GetStream().WriteAsync(burst, cancellationToken);
                await Task.Delay(script.Interval, cancellationToken);
            }
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private sealed class ClientLink(TcpClient client) : IScannerLink
    {
        public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
            await client.GetStream().WriteAsync(bytes, cancellationToken);

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
