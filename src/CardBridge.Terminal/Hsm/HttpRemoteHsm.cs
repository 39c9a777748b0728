using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Http.Headers;
using CardBridge.Cards.Authentication;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace CardBridge.Terminal.Hsm;

/// <summary>
/// The remote HSM platform over HTTP: each genuine-card check POSTs one step-1 envelope (<see cref="HsmWire"/>) to
/// <see cref="HsmOptions.ServiceUri"/> and applies the step-2 answer. Resilience (Polly): every attempt has
/// <see cref="HsmOptions.CallTimeout"/>; an attempt without an answer is retried (the computation has no side effect);
/// a circuit breaker over such failures stops asking a failing platform for <see cref="HsmOptions.BreakDuration"/>, so
/// arriving cards fail at once instead of each waiting out the timeout. Every failure reaches the caller as
/// <see cref="AuthenticationUnavailableException"/>: it says nothing about the card. Logs carry the card's algorithm
/// and the request id, never the card identification code.
/// </summary>
public sealed partial class HttpRemoteHsm : IRemoteHsm
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly HsmOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpRemoteHsm> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly Lock _lock = new();
    private readonly long[] _calls = new long[Enum.GetValues<HsmCallOutcome>().Length];
    private HsmHealth _health = new(HsmAvailability.Available, null, null, null, null);

    /// <summary>Creates the adapter. <paramref name="http"/> is not owned (give it from an <c>IHttpClientFactory</c>); its own timeout is not relied on.</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid or names no <see cref="HsmOptions.ServiceUri"/>.</exception>
    public HttpRemoteHsm(HttpClient http, HsmOptions options, TimeProvider time, ILogger<HttpRemoteHsm> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        if (options.ServiceUri is null)
        {
            throw new ValidationException("Hsm:ServiceUri is required for the HSM adapter");
        }
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<HsmUnreachableException>().Handle<TimeoutRejectedException>(),
                OnRetry = args =>
                {
                    LogRetrying(args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                    return default;
                },
            });
        }
        _pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = new PredicateBuilder()
                    .Handle<HsmUnreachableException>()
                    .Handle<HsmProtocolException>()
                    .Handle<TimeoutRejectedException>(),
                OnOpened = _ =>
                {
                    ChangeAvailability(HsmAvailability.Unavailable);
                    return default;
                },
                OnClosed = _ =>
                {
                    ChangeAvailability(HsmAvailability.Available);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    ChangeAvailability(HsmAvailability.Probing);
                    return default;
                },
            })
            .AddTimeout(options.CallTimeout)
            .Build();
    }

    /// <summary>The platform's health now.</summary>
    public HsmHealth Health
    {
        get
        {
            lock (_lock)
            {
                return _health;
            }
        }
    }

    /// <summary>How many requests (retries included) have ended with <paramref name="outcome"/> since start, for metrics.</summary>
    public long CallsEnded(HsmCallOutcome outcome) => Interlocked.Read(ref _calls[(int)outcome]);

    /// <summary>Raised when the breaker opens, half-opens or closes.</summary>
    public event EventHandler<HsmHealth>? HealthChanged;

    /// <summary>Raised when a request has ended (retries included), for metrics.</summary>
    public event EventHandler<HsmCalledEventArgs>? Called;

    /// <inheritdoc />
    public async Task<HsmStep2Response> AuthenticateAsync(HsmStep1Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        var body = HsmWire.Request(request, requestId, _options.TerminalId, _time.GetUtcNow());
        var started = _time.GetTimestamp();
        try
        {
            var answer = await _pipeline.ExecuteAsync(
                static async (state, token) => HsmWire.Answer(await state.Self.PostAsync(state.Body, token), state.RequestId),
                (Self: this, Body: body, RequestId: requestId),
                cancellationToken);
            lock (_lock)
            {
                _health = _health with { LastSuccessAt = _time.GetUtcNow() };
            }
            var elapsed = Ended(HsmCallOutcome.Answered, started);
            LogAnswered(request.Algorithm, requestId, elapsed.TotalMilliseconds);
            return answer;
        }
        catch (HsmRefusedException e)
        {
            Ended(HsmCallOutcome.Refused, started);
            LogRefused(request.Algorithm, e.Code, requestId);
            throw new AuthenticationUnavailableException(e.Message, e);
        }
        catch (BrokenCircuitException e)
        {
            throw Unavailable("the HSM platform is failing: not asked during the break", e, started, requestId);
        }
        catch (TimeoutRejectedException e)
        {
            throw Unavailable(string.Create(CultureInfo.InvariantCulture,
                $"the HSM platform did not answer within {_options.CallTimeout.TotalMilliseconds:0} ms"), e, started, requestId);
        }
        catch (Exception e) when (e is HsmUnreachableException or HsmProtocolException)
        {
            throw Unavailable($"the HSM platform {e.Message}", e, started, requestId);
        }
    }

    private AuthenticationUnavailableException Unavailable(string reason, Exception cause, long started, string requestId)
    {
        lock (_lock)
        {
            _health = _health with { LastFailureAt = _time.GetUtcNow(), LastFailure = reason };
        }
        var elapsed = Ended(HsmCallOutcome.Unavailable, started);
        LogUnavailable(reason, requestId, elapsed.TotalMilliseconds);
        return new AuthenticationUnavailableException(reason, cause);
    }

    private TimeSpan Ended(HsmCallOutcome outcome, long started)
    {
        var elapsed = _time.GetElapsedTime(started);
        Interlocked.Increment(ref _calls[(int)outcome]);
        Called?.Invoke(this, new HsmCalledEventArgs(outcome, elapsed));
        return elapsed;
    }

    private async Task<ReadOnlyMemory<byte>> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.ServiceUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new HsmUnreachableException($"could not be reached ({e.HttpRequestError})", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HsmUnreachableException("was given up on by the HTTP client", e);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                throw new HsmUnreachableException(string.Create(CultureInfo.InvariantCulture, $"answered HTTP {status}"));
            }
            if (status != 200)
            {
                throw new HsmProtocolException(string.Create(CultureInfo.InvariantCulture, $"answered HTTP {status}"));
            }
            var limit = _options.MaxResponseBytes;
            if (response.Content.Headers.ContentLength > limit)
            {
                throw new HsmProtocolException(string.Create(CultureInfo.InvariantCulture, $"answered more than {limit} bytes"));
            }
            try
            {
                await response.Content.LoadIntoBufferAsync(limit, cancellationToken);
                return await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new HsmUnreachableException(string.Create(CultureInfo.InvariantCulture, $"cut its answer off or sent more than {limit} bytes"), e);
            }
        }
    }

    private void ChangeAvailability(HsmAvailability availability)
    {
        HsmHealth health;
        lock (_lock)
        {
            if (_health.Availability == availability)
            {
                return;
            }
            _health = health = _health with { Availability = availability, Since = _time.GetUtcNow() };
        }
        LogAvailability(availability == HsmAvailability.Unavailable ? LogLevel.Warning : LogLevel.Information, availability);
        HealthChanged?.Invoke(this, health);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "HSM answered step 1 for a {Algorithm} card, request {RequestId}, in {ElapsedMs} ms")]
    private partial void LogAnswered(Crypto.CardAlgorithm algorithm, string requestId, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HSM refused a {Algorithm} card with code {Code}, request {RequestId}")]
    private partial void LogRefused(Crypto.CardAlgorithm algorithm, int code, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HSM unavailable: {Reason}, request {RequestId}, after {ElapsedMs} ms")]
    private partial void LogUnavailable(string reason, string requestId, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying the HSM, attempt {Attempt}: {Reason}")]
    private partial void LogRetrying(int attempt, string? reason);

    [LoggerMessage(Message = "HSM platform is now {Availability}")]
    private partial void LogAvailability(LogLevel level, HsmAvailability availability);
}
