using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CardBridge.Simulation.Http;

/// <summary>A POST request as a simulator sees it: the path and the Content-Length body.</summary>
internal sealed record LoopbackRequest(string Path, byte[] Body);

/// <summary>
/// One request's answer: a response, or (to simulate a lost answer) a reset without one. The response keeps the
/// connection open for the client's next request when the server allows it, as an HTTP/1.1 platform does.
/// </summary>
internal sealed class LoopbackExchange(TcpClient client, NetworkStream stream, bool wellFormed, CancellationToken listening)
{
    /// <summary>True once an answer went out that leaves the connection open for another request.</summary>
    public bool KeptOpen { get; private set; }

    public async Task AnswerAsync(int status, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        var reason = status switch
        {
            200 => "OK",
            404 => "Not Found",
            500 => "Internal Server Error",
            _ => "Bad Request",
        };
        // Kept open after a well-formed request while the platform is up; decided as the answer goes out.
        var keepOpen = wellFormed && !listening.IsCancellationRequested;
        var connection = keepOpen ? "" : "Connection: close\r\n";
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}; charset=utf-8\r\nContent-Length: {body.Length}\r\n{connection}\r\n");
        // One write: a response in two segments on a kept connection would wait for the client's delayed ACK (Nagle).
        var response = new byte[Encoding.ASCII.GetByteCount(head) + body.Length];
        var headLength = Encoding.ASCII.GetBytes(head, response);
        body.CopyTo(response, headLength);
        await stream.WriteAsync(response, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        KeptOpen = keepOpen;
    }

    /// <summary>Closes the connection with a reset once the handler returns, so the client gets no answer.</summary>
    public void DropWithoutAnswer()
    {
        KeptOpen = false;
        client.Client.LingerState = new LingerOption(true, 0);
    }
}

/// <summary>
/// The HTTP/1.1 side of the simulators that stand for remote platforms (the insurance centre, the QR platform): a
/// listener on 127.0.0.1, POST requests one after another on a persistent connection (RFC 9112 request line, headers,
/// Content-Length body; chunked bodies and oversized requests are answered as bad requests, and the connection closed),
/// listening that can stop and resume on the same port (a platform that is down: its idle connections are closed too,
/// so the next request finds it down), and a stop that waits for open connections.
/// </summary>
internal sealed class LoopbackHttpServer(int maxHeaderBytes, int maxBodyBytes, Func<LoopbackRequest?, LoopbackExchange, CancellationToken, Task> serve)
    : IAsyncDisposable
{
    // How long a request (and, on a kept connection, the wait for it) may take. Longer than the minute a pooled
    // HttpClient connection stays idle, so a kept connection is closed by the client first, never under a request.
    private static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(90);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _connections = [];

    // Connections waiting for their next request: closed at once when the platform goes down.
    private readonly HashSet<TcpClient> _idle = [];

    // One per Listen, cancelled when listening stops; every one is disposed with the server.
    private readonly List<CancellationTokenSource> _listening = [];
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
            var listening = new CancellationTokenSource();
            _listening.Add(listening);
            _acceptLoop = AcceptAsync(listener, listening.Token);
        }
    }

    /// <summary>Stops accepting: connections are refused until <see cref="Resume"/>.</summary>
    public void StopListening()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            if (_listening.Count > 0)
            {
                _listening[^1].Cancel();
            }
            // Closed before this returns, so a client's next request finds the platform down (refused), not a
            // connection that dies under it.
            foreach (var idle in _idle)
            {
                idle.Dispose();
            }
            _idle.Clear();
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
        foreach (var listening in _listening)
        {
            listening.Dispose();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken listening)
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
                var connection = ServeAsync(client, listening);
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

    private async Task ServeAsync(TcpClient client, CancellationToken listening)
    {
        await Task.Yield();
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                while (!listening.IsCancellationRequested)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                    timeout.CancelAfter(RequestReadTimeout);
                    if (!Idle(client, true))
                    {
                        return;
                    }
                    ReadOutcome read;
                    try
                    {
                        read = await ReadRequestAsync(stream, timeout.Token);
                    }
                    finally
                    {
                        Idle(client, false);
                    }
                    if (read.Closed)
                    {
                        return;
                    }
                    var exchange = new LoopbackExchange(client, stream, read.Request is not null, listening);
                    await serve(read.Request, exchange, timeout.Token);
                    if (!exchange.KeptOpen)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, the platform went down or the server is stopping; nothing to answer.
            }
        }
    }

    // Marks a connection as waiting for its next request (false once the platform is down: close it), or as busy.
    private bool Idle(TcpClient client, bool idle)
    {
        lock (_lock)
        {
            if (!idle)
            {
                _idle.Remove(client);
                return true;
            }
            if (_listener is null)
            {
                return false;
            }
            _idle.Add(client);
            return true;
        }
    }

    // The next request on the connection: Closed when the client closed it between requests, a null Request when what
    // came is not a request this server takes (or more than one request arrived at once: no pipelining here).
    private readonly record struct ReadOutcome(LoopbackRequest? Request, bool Closed);

    private async Task<ReadOutcome> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxHeaderBytes];
        var length = 0;
        int headerEnd;
        while ((headerEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
            {
                return default;
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return new ReadOutcome(null, Closed: length == 0);
            }
            length += read;
        }
        var lines = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "POST")
        {
            return default;
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
        var already = length - headerEnd - 4;
        if (contentLength < 0 || contentLength > maxBodyBytes || already > contentLength)
        {
            return default;
        }
        var body = new byte[contentLength];
        buffer.AsSpan(headerEnd + 4, already).CopyTo(body);
        await stream.ReadExactlyAsync(body.AsMemory(already), cancellationToken);
        return new ReadOutcome(new LoopbackRequest(requestLine[1], body), Closed: false);
    }
}
