using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CardBridge.HardwareSim.Qr.Platform;

/// <summary>
/// The simulated e-voucher and e-SSC verification platform: an HTTP/1.1 server on 127.0.0.1 (one request per
/// connection). <c>POST /ec/query</c> verifies e-voucher codes, <c>POST /essc/query</c> e-SSC codes, and
/// <c>POST /sim/issue</c> (<c>{"type":"evoucher"|"essc","holder":PROFILE,"validitySeconds":N}</c> →
/// <c>{"code":…}</c>) issues codes for other processes. Codes are single use and expire; faults switch at runtime.
/// </summary>
public sealed class SimulatedQrPlatform : IAsyncDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] TruncatedAnswer = "{\"code\":0,\"message\":\"success\",\"data\":{\"idNo\":"u8.ToArray();

    private readonly QrCodeBook _book;
    private readonly TimeSpan _defaultSlowDelay;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _connections = [];
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private QrPlatformFault _fault;
    private TimeSpan _slowDelay;

    private SimulatedQrPlatform(SimulatedQrPlatformOptions options, TimeProvider time)
    {
        _book = new QrCodeBook(options.Holders ?? QrPlatformHolder.FromCardProfiles(), time);
        _defaultSlowDelay = options.DefaultSlowDelay;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The base URL of the platform.</summary>
    public Uri ServiceUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    /// <summary>The e-voucher verification endpoint (<c>ec.query</c>).</summary>
    public Uri EVoucherUri => new(ServiceUri, "ec/query");

    /// <summary>The e-SSC verification endpoint.</summary>
    public Uri SocialSecurityCardUri => new(ServiceUri, "essc/query");

    /// <summary>The holders codes can be issued for.</summary>
    public IReadOnlyList<QrPlatformHolder> Holders => _book.Holders;

    /// <summary>Starts listening on 127.0.0.1; <paramref name="time"/> decides when codes expire.</summary>
    /// <exception cref="Profiles.CardProfileException">No holders were given and a card profile is invalid.</exception>
    public static SimulatedQrPlatform Start(SimulatedQrPlatformOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var platform = new SimulatedQrPlatform(options, time ?? TimeProvider.System);
        platform.Listen(options.Port);
        return platform;
    }

    /// <summary>Issues a single-use code of <paramref name="type"/> for the holder of card profile <paramref name="holderProfile"/>, valid for <paramref name="validity"/> from now.</summary>
    /// <exception cref="ArgumentException">The profile is not a holder of the platform, or the validity is not positive.</exception>
    public string IssueCode(SimQrCodeType type, string holderProfile, TimeSpan validity) => _book.Issue(type, holderProfile, validity);

    /// <summary>Switches verification calls to <paramref name="fault"/> until <see cref="ClearFaults"/>; <paramref name="delay"/> is for <see cref="QrPlatformFault.Slow"/>.</summary>
    public void InjectFault(QrPlatformFault fault, TimeSpan? delay = null)
    {
        lock (_lock)
        {
            _fault = fault;
            _slowDelay = delay ?? _defaultSlowDelay;
            if (fault == QrPlatformFault.Down)
            {
                StopListening();
            }
        }
    }

    /// <summary>Answers every call again; a platform that was down listens again on the same port.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _fault = QrPlatformFault.None;
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
                var (status, body) = await AnswerAsync(await ReadRequestAsync(stream, timeout.Token));
                await WriteAsync(stream, status, body, timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the platform is stopping; nothing to answer.
            }
        }
    }

    private async Task<(int Status, byte[] Body)> AnswerAsync((string Path, byte[] Body)? request)
    {
        if (request is not var (path, body))
        {
            return (400, "bad request"u8.ToArray());
        }
        SimQrCodeType endpoint;
        switch (path)
        {
            case "/ec/query":
                endpoint = SimQrCodeType.EVoucher;
                break;
            case "/essc/query":
                endpoint = SimQrCodeType.SocialSecurityCard;
                break;
            case "/sim/issue":
                return Issue(body);
            default:
                return (404, "not found"u8.ToArray());
        }
        QrPlatformFault fault;
        TimeSpan delay;
        lock (_lock)
        {
            (fault, delay) = (_fault, _slowDelay);
        }
        switch (fault)
        {
            case QrPlatformFault.ServerError:
                return (500, "platform failure"u8.ToArray());
            case QrPlatformFault.MalformedAnswer:
                return (200, TruncatedAnswer);
            case QrPlatformFault.Slow:
                // A slow platform is slow in wall-clock time, whatever clock decides code expiry.
                await Task.Delay(delay, _stopping.Token);
                break;
            default:
                break;
        }
        return _book.Verify(endpoint, body) is { } answer ? (200, answer) : (400, "bad request"u8.ToArray());
    }

    private (int Status, byte[] Body) Issue(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var type = root.GetProperty("type").GetString() switch
            {
                "evoucher" => SimQrCodeType.EVoucher,
                "essc" => SimQrCodeType.SocialSecurityCard,
                _ => throw new ArgumentException("type must be evoucher or essc"),
            };
            var holder = root.GetProperty("holder").GetString() ?? "";
            var seconds = root.TryGetProperty("validitySeconds", out var v) ? v.GetInt32() : 60;
            var code = _book.Issue(type, holder, TimeSpan.FromSeconds(seconds));
            return (200, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["code"] = code }));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return (400, Encoding.UTF8.GetBytes(e.Message));
        }
    }

    // HTTP/1.1 (RFC 9112): request line, headers, CRLF, Content-Length body; chunked bodies are refused.
    private static async Task<(string Path, byte[] Body)?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
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
        if (contentLength is < 0 or > MaxBodyBytes)
        {
            return null;
        }
        var body = new byte[contentLength];
        var already = Math.Min(length - headerEnd - 4, contentLength);
        buffer.AsSpan(headerEnd + 4, already).CopyTo(body);
        await stream.ReadExactlyAsync(body.AsMemory(already), cancellationToken);
        return (requestLine[1], body);
    }

    private static async Task WriteAsync(NetworkStream stream, int status, byte[] body, CancellationToken cancellationToken)
    {
        var (reason, type) = status switch
        {
            200 => ("OK", "application/json"),
            404 => ("Not Found", "text/plain"),
            500 => ("Internal Server Error", "text/plain"),
            _ => ("Bad Request", "text/plain"),
        };
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {type}; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
