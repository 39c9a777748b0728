using System.Globalization;
using System.Text;
using System.Text.Json;
using CardBridge.Simulation.Http;

namespace CardBridge.Simulation.Qr.Platform;

/// <summary>
/// The simulated e-voucher and e-SSC verification platform: an HTTP/1.1 server on 127.0.0.1 (one request per
/// connection). <c>POST /ec/query</c> verifies e-voucher codes, <c>POST /essc/query</c> e-SSC codes, and
/// <c>POST /sim/issue</c> issues codes for the simulator's own processes (the scanner simulator): it is not part of
/// the verification protocol. Request <c>{"type":"evoucher"|"essc","holder":PROFILE,"validitySeconds":N}</c>
/// (validitySeconds optional, default 60; zero or negative issues an already-expired code); answer 200
/// <c>{"code":"ECV1.…"|"ESSC1.…"}</c>, or 400 text/plain naming the problem (unknown type or holder, bad JSON).
/// Codes are single use and expire; faults switch at runtime; the
/// 5xx, malformed and slow faults leave <c>/sim/issue</c> alone, while the platform is down nothing answers.
/// </summary>
public sealed class SimulatedQrPlatform : IAsyncDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly byte[] TruncatedAnswer = "{\"code\":0,\"message\":\"success\",\"data\":{\"idNo\":"u8.ToArray();

    private readonly QrCodeBook _book;
    private readonly TimeSpan _defaultSlowDelay;
    private readonly LoopbackHttpServer _server;
    private readonly Lock _lock = new();
    private QrPlatformFault _fault;
    private TimeSpan _slowDelay;

    private SimulatedQrPlatform(SimulatedQrPlatformOptions options, TimeProvider time)
    {
        _book = new QrCodeBook(options.Holders ?? QrPlatformHolder.FromCardProfiles(), time);
        _defaultSlowDelay = options.DefaultSlowDelay;
        _server = new LoopbackHttpServer(MaxHeaderBytes, MaxBodyBytes, ServeAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port => _server.Port;

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
        platform._server.Listen(options.Port);
        return platform;
    }

    /// <summary>
    /// Issues a single-use code of <paramref name="type"/> for the holder of card profile <paramref name="holderProfile"/>,
    /// valid for <paramref name="validity"/> from now; zero or a negative validity issues a code that has already expired.
    /// </summary>
    /// <exception cref="ArgumentException">The profile is not a holder of the platform.</exception>
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
                _server.StopListening();
            }
        }
    }

    /// <summary>Answers every call again; a platform that was down listens again on the same port.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _fault = QrPlatformFault.None;
            _server.Resume();
        }
    }

    /// <summary>Stops listening and waits for open connections to finish.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(LoopbackRequest? request, LoopbackExchange exchange, CancellationToken cancellationToken)
    {
        var (status, body) = await AnswerAsync(request);
        await exchange.AnswerAsync(status, status == 200 ? "application/json" : "text/plain", body, cancellationToken);
    }

    private async Task<(int Status, byte[] Body)> AnswerAsync(LoopbackRequest? request)
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
                await Task.Delay(delay, _server.Stopping);
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
}
