using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CardBridge.HardwareSim.Centre;

/// <summary>
/// The simulated medical-insurance centre: an HTTP/1.1 server on 127.0.0.1 speaking the DESIGN §9 envelope (one
/// request per connection, any path), with accounts, sign-in, msgid idempotency, reversal (2601), offline-record
/// upload by UUID and runtime fault injection. Start it in process on port 0 and read <see cref="Port"/>.
/// </summary>
public sealed class SimulatedCentre : IAsyncDisposable
{
    private const int MaxHeaderBytes = 32 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(30);

    private readonly CentreLedger _ledger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _connections = [];
    private readonly List<CentreFaultRule> _faults = [];
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    private SimulatedCentre(SimulatedCentreOptions options, TimeProvider time)
    {
        _ledger = new CentreLedger(options, time);
        _time = time;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The URL to post envelopes to.</summary>
    public Uri ServiceUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/fsi/api/rsfComIfsService/callService"));

    /// <summary>How many settlements are in effect (committed, neither cancelled nor reversed).</summary>
    public int ActiveSettlementCount => _ledger.ActiveSettlementCount;

    /// <summary>How many offline records the centre accepted (each once).</summary>
    public int AcceptedOfflineRecordCount => _ledger.AcceptedOfflineRecordCount;

    /// <summary>Starts listening on 127.0.0.1.</summary>
    public static SimulatedCentre Start(SimulatedCentreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var centre = new SimulatedCentre(options, time ?? TimeProvider.System);
        centre.Listen(options.Port);
        return centre;
    }

    /// <summary>The personal account balance of a person, in fen.</summary>
    public long AccountBalanceFen(string personNo) => _ledger.AccountBalanceFen(personNo);

    /// <summary>Whether the settlement with this <c>setl_id</c> is in effect (committed, neither cancelled nor reversed).</summary>
    public bool IsSettlementActive(string settlementId) => _ledger.IsSettlementActive(settlementId);

    /// <summary>Whether the centre accepted the offline record with this UUID.</summary>
    public bool IsOfflineRecordAccepted(Guid recordId) => _ledger.IsOfflineRecordAccepted(recordId);

    /// <summary>How many requests with this transaction code reached the centre's books (faults that answer without processing are not counted).</summary>
    public int RequestCount(string infNo) => _ledger.RequestCount(infNo);

    /// <summary>Adds a fault; <see cref="CentreFault.Down"/> stops listening at once.</summary>
    public void InjectFault(CentreFaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            if (rule.Fault == CentreFault.Down)
            {
                StopListening();
                return;
            }
            _faults.Add(rule);
        }
    }

    /// <summary>Removes every fault; a centre that was down listens again on the same port.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
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
            _stopping.Cancel();
            StopListening();
            open = [.. _connections, _acceptLoop];
        }
        await Task.WhenAll(open);
        _stopping.Dispose();
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _acceptLoop = AcceptAsync(listener);
    }

    private void StopListening()
    {
        _listener?.Stop();
        _listener = null;
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
                var body = await ReadRequestAsync(stream, timeout.Token);
                if (body is null)
                {
                    await WriteAsync(stream, 400, "Bad Request", "text/plain", "bad request"u8.ToArray(), timeout.Token);
                    return;
                }
                var fault = TakeFault(CentreLedger.InfNo(body));
                switch (fault?.Fault)
                {
                    case CentreFault.ServerError:
                        await WriteAsync(stream, 500, "Internal Server Error", "text/plain", "centre failure"u8.ToArray(), timeout.Token);
                        return;
                    case CentreFault.MalformedJson:
                        var malformed = fault.Body ?? SimulatedCentreOptions.TruncatedEnvelope;
                        await WriteAsync(stream, 200, "OK", "application/json", malformed.ToArray(), timeout.Token);
                        return;
                    case CentreFault.Slow:
                        await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(5), _time, _stopping.Token);
                        break;
                    default:
                        break;
                }
                var answer = _ledger.Handle(body);
                if (fault?.Fault == CentreFault.CommitThenDrop)
                {
                    // Committed, now lose the answer: reset the connection instead of replying.
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }
                await WriteAsync(stream, 200, "OK", "application/json", answer, timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the centre is stopping; nothing to answer.
            }
        }
    }

    private CentreFaultRule? TakeFault(string? infNo)
    {
        lock (_lock)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var rule = _faults[i];
                if (rule.OnlyInfNo is not null && rule.OnlyInfNo != infNo)
                {
                    continue;
                }
                if (rule.Times is { } times)
                {
                    if (times <= 1)
                    {
                        _faults.RemoveAt(i);
                    }
                    else
                    {
                        _faults[i] = rule with { Times = times - 1 };
                    }
                }
                return rule;
            }
            return null;
        }
    }

    // HTTP/1.1 (RFC 9112) request: request line, headers, CRLF, Content-Length body. Chunked bodies are refused.
    private static async Task<byte[]?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeaderBytes];
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
        var head = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n");
        if (!head[0].StartsWith("POST ", StringComparison.Ordinal))
        {
            return null;
        }
        var contentLength = -1;
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                contentLength = value;
            }
        }
        if (contentLength is < 0 or > MaxBodyBytes)
        {
            return null;
        }
        var body = new byte[contentLength];
        var already = Math.Min(length - headerEnd - 4, contentLength);
        buffer.AsSpan(headerEnd + 4, already).CopyTo(body);
        await stream.ReadExactlyAsync(body.AsMemory(already), cancellationToken);
        return body;
    }

    private static async Task WriteAsync(
        NetworkStream stream, int status, string reason, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
