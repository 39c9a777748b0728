using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CardBridge.Simulation.Http;

/// <summary>A POST request as a simulator sees it: the path and the Content-Length body.</summary>
internal sealed record LoopbackRequest(string Path, byte[] Body);

/// <summary>One connection's answer: a response, or (to simulate a lost answer) a reset without one.</summary>
internal sealed class LoopbackExchange(TcpClient client, NetworkStream stream)
{
    public async Task AnswerAsync(int status, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        var reason = status switch
        {
            200 => "OK",
            404 => "Not Found",
            500 => "Internal Server Error",
            _ => "Bad Request",
        };
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Closes the connection with a reset once the handler returns, so the client gets no answer.</summary>
    public void DropWithoutAnswer() => client.Client.LingerState = new LingerOption(true, 0);
}

/// <summary>
/// The HTTP/1.1 side of the simulators that stand for remote platforms (the insurance centre, the QR platform): a
/// listener on 127.0.0.1, one POST per connection (RFC 9112 request line, headers, Content-Length body; chunked
/// bodies and oversized requests are answered as bad requests), listening that can stop and resume on the same port
/// (a platform that is down), and a stop that waits for open connections.
/// </summary>
internal sealed class LoopbackHttpServer(int maxHeaderBytes, int maxBodyBytes, Func<LoopbackRequest?, LoopbackExchange, CancellationToken, Task> serve)
    : IAsyncDisposable
{
    private static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _connections = [];
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>The port it listens on (kept while it is down).</summary>
    public int Port { get; private set; }

    /// <summary>Cancelled when the server stops: for waits inside a handler that outlast a request's read timeout.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Listens on 127.0.0.1 at <paramref name="port"/> (0: any free port).</summary>
    public void Listen(int port)
    {
        lock (_lock)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _acceptLoop = AcceptAsync(listener);
        }
    }

    /// <summary>Stops accepting: connections are refused until <see cref="Resume"/>.</summary>
    public void StopListening()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
        }
    }

    /// <summary>Listens again on the same port after <see cref="StopListening"/>; does nothing while listening or stopped.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            if (_listener is null && !_stopping.IsCancellationRequested)
            {
                Listen(Port);
            }
        }
    }

    /// <summary>Stops listening and waits for open connections to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] open;
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            _stopping.Cancel();
            _listener?.Stop();
            _listener = null;
            open = [.. _connections, _acceptLoop];
        }
        await Task.WhenAll(open);
        _stopping.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }
            lock (_lock)
            {
                var connection = ServeAsync(client);
                _connections.Add(connection);
                _ = connection.ContinueWith(Forget, TaskScheduler.Default);
            }
        }
    }

    private void Forget(Task connection)
    {
        lock (_lock)
        {
            _connections.Remove(connection);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        await Task.Yield();
        using (client)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(RequestReadTimeout);
            try
            {
                var stream = client.GetStream();
                await serve(await ReadRequestAsync(stream, timeout.Token), new LoopbackExchange(client, stream), timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping; nothing to answer.
            }
        }
    }

    private async Task<LoopbackRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxHeaderBytes];
        var length = 0;
        int headerEnd;
        while ((headerEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
            {
                return null;
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }
            length += read;
        }
        var lines = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "POST")
        {
            return null;
        }
        var contentLength = -1;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                contentLength = value;
            }
        }
        if (contentLength < 0 || contentLength > maxBodyBytes)
        {
            return null;
        }
        var body = new byte[contentLength];
        var already = Math.Min(length - headerEnd - 4, contentLength);
        buffer.AsSpan(headerEnd + 4, already).CopyTo(body);
        await stream.ReadExactlyAsync(body.AsMemory(already), cancellationToken);
        return new LoopbackRequest(requestLine[1], body);
    }
}
