using System.Globalization;
using System.Text.Json;
using CardBridge.Cards.Authentication;
using CardBridge.Crypto;
using CardBridge.Simulation.Http;

namespace CardBridge.Simulation.Hsm;

/// <summary>
/// The simulated remote HSM platform: an HTTP/1.1 server on 127.0.0.1 (one request per connection) that answers the
/// step-1 envelope of docs/operations/hsm-envelope.md, POSTed to <see cref="ServiceUri"/>, with the step-2 answer of
/// a <see cref="SimulatedHsm"/> holding the issuer key file's keys. It reads the envelope on its own (not with the
/// terminal's code), so the two sides check each other. Answers: 200 with <c>code</c> 0 and <c>step2</c>; 200 with
/// <c>code</c> 2 when it holds no keys for the card's algorithm; 400 for a request that is not an envelope. Faults
/// (<see cref="HsmPlatformFault"/>) switch at runtime.
/// </summary>
public sealed class SimulatedHsmPlatform : IAsyncDisposable
{
    /// <summary>The path of the step-1 endpoint.</summary>
    public const string Path = "/hsm/v1/authenticate";

    /// <summary>The answer's code when the HSM cannot serve the card.</summary>
    public const int NoKeysCode = 2;

    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 16 * 1024;

    private readonly SimulatedHsm _hsm;
    private readonly TimeSpan _defaultSlowDelay;
    private readonly LoopbackHttpServer _server;
    private readonly Lock _lock = new();
    private HsmPlatformFault _fault;
    private TimeSpan _slowDelay;
    private int _requests;

    private SimulatedHsmPlatform(SimulatedHsmPlatformOptions options, SimulatedHsm hsm)
    {
        _hsm = hsm;
        _defaultSlowDelay = options.DefaultSlowDelay;
        _server = new LoopbackHttpServer(MaxHeaderBytes, MaxBodyBytes, ServeAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port => _server.Port;

    /// <summary>The step-1 endpoint: what <c>Hsm:ServiceUri</c> names.</summary>
    public Uri ServiceUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{Path}"));

    /// <summary>How many step-1 envelopes reached the platform (answered or refused, faults included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The fault in force now.</summary>
    public HsmPlatformFault Fault
    {
        get
        {
            lock (_lock)
            {
                return _fault;
            }
        }
    }

    /// <summary>Starts listening on 127.0.0.1 with the keys of <paramref name="hsm"/> (the shipped issuer key set unless given).</summary>
    /// <exception cref="Profiles.CardProfileException">The shipped key file is invalid.</exception>
    public static SimulatedHsmPlatform Start(SimulatedHsmPlatformOptions options, SimulatedHsm? hsm = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var platform = new SimulatedHsmPlatform(options, hsm ?? new SimulatedHsm());
        platform._server.Listen(options.Port);
        return platform;
    }

    /// <summary>Switches requests to <paramref name="fault"/> until <see cref="ClearFaults"/>; <paramref name="delay"/> is for <see cref="HsmPlatformFault.Slow"/>.</summary>
    public void InjectFault(HsmPlatformFault fault, TimeSpan? delay = null)
    {
        lock (_lock)
        {
            _fault = fault;
            _slowDelay = delay ?? _defaultSlowDelay;
            if (fault == HsmPlatformFault.Down)
            {
                _server.StopListening();
            }
            else
            {
                _server.Resume();
            }
        }
    }

    /// <summary>Answers every request again; a platform that was down listens again on the same port.</summary>
    public void ClearFaults() => InjectFault(HsmPlatformFault.None);

    /// <summary>Stops listening and waits for open connections to finish.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(LoopbackRequest? request, LoopbackExchange exchange, CancellationToken cancellationToken)
    {
        var (status, body) = await AnswerAsync(request, cancellationToken);
        await exchange.AnswerAsync(status, status == 200 ? "application/json" : "text/plain", body, cancellationToken);
    }

    private async Task<(int Status, byte[] Body)> AnswerAsync(LoopbackRequest? request, CancellationToken cancellationToken)
    {
        if (request is not var (path, body))
        {
            return (400, "bad request"u8.ToArray());
        }
        if (path != Path)
        {
            return (404, "not found"u8.ToArray());
        }
        Interlocked.Increment(ref _requests);
        HsmPlatformFault fault;
        TimeSpan delay;
        lock (_lock)
        {
            (fault, delay) = (_fault, _slowDelay);
        }
        switch (fault)
        {
            case HsmPlatformFault.ServerError:
                return (500, "HSM failure"u8.ToArray());
            case HsmPlatformFault.Slow:
                await Task.Delay(delay, _server.Stopping);
                break;
            default:
                break;
        }
        if (Parse(body) is not var (requestId, step1))
        {
            return (400, "not a step-1 envelope"u8.ToArray());
        }
        HsmStep2Response answer;
        try
        {
            answer = await _hsm.AuthenticateAsync(step1, cancellationToken);
        }
        catch (AuthenticationUnavailableException e)
        {
            return (200, JsonSerializer.SerializeToUtf8Bytes(new { code = NoKeysCode, message = e.Message, requestId }));
        }
        var internalResult = answer.InternalAuthResult.ToArray();
        var cryptogram = answer.ExternalCryptogram.ToArray();
        if (fault == HsmPlatformFault.WrongCryptogram)
        {
            internalResult[^1] ^= 0x01;
            cryptogram[^1] ^= 0x01;
        }
        return (200, JsonSerializer.SerializeToUtf8Bytes(new
        {
            code = 0,
            message = "ok",
            requestId,
            step2 = new { internalAuthResult = Convert.ToHexString(internalResult), externalCryptogram = Convert.ToHexString(cryptogram) },
        }));
    }

    // The envelope's step 1; null when any field is missing or malformed.
    private static (string RequestId, HsmStep1Request Step1)? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.GetProperty("version").GetString() != "1")
            {
                return null;
            }
            var requestId = root.GetProperty("requestId").GetString() ?? "";
            var step1 = root.GetProperty("step1");
            byte[] Hex(string name) => Convert.FromHexString(step1.GetProperty(name).GetString() ?? "");
            var algorithm = (CardAlgorithm)byte.Parse(step1.GetProperty("algorithm").GetString() ?? "", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var cardId = Hex("cardIdentificationCode");
            var internalInput = Hex("internalAuthInput");
            if (requestId.Length == 0 || !Hex("externalAuthInput").AsSpan().SequenceEqual(internalInput)
                || step1.GetProperty("regionCode").GetString() != Convert.ToHexString(cardId.AsSpan(0, Math.Min(3, cardId.Length))))
            {
                return null;
            }
            return (requestId, new HsmStep1Request(cardId, algorithm, Hex("atrHistoricalBytes"), internalInput, Hex("internalAuthData"), Hex("externalAuthData")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
