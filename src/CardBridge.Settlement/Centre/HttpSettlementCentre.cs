using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// The real medical-insurance centre: each transaction is an HTTP POST of the DESIGN §9 envelope to
/// <see cref="CentreOptions.ServiceUri"/>. Resilience (Polly): every attempt has a timeout; only safe calls are
/// retried with jittered exponential backoff (1101, 9001, 2601, the UUID-keyed upload and the rider-list download); a call that changes
/// anything (settle, cancellation, registration, admission, fee batch, discharge) is sent once and, when its answer is lost,
/// reversed (2601) by its msgid; a circuit breaker over centre failures switches
/// <see cref="Connectivity"/> to <see cref="CentreConnectivity.Offline"/> and back on the first success after the break.
/// </summary>
public sealed partial class HttpSettlementCentre : ISettlementCentre
{
    private readonly HttpClient _http;
    private readonly CentreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpSettlementCentre> _logger;
    private readonly CentreEnvelope _envelope;
    private readonly MsgIdGenerator _ids;
    private readonly ResiliencePipeline _once;
    private readonly ResiliencePipeline _retried;
    private readonly ResiliencePipeline _reversal;
    private readonly Lock _connectivityLock = new();
    private CentreConnectivity _connectivity = CentreConnectivity.Online;
    private string? _signNo;

    /// <summary>Creates the adapter. <paramref name="http"/> is not owned (give it from an <c>IHttpClientFactory</c>); its own timeout is not relied on.</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public HttpSettlementCentre(HttpClient http, CentreOptions options, TimeProvider time, ILogger<HttpSettlementCentre> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        _envelope = new CentreEnvelope(options);
        _ids = new MsgIdGenerator(options.InstitutionCode, time, Random.Shared.Next(10000));

        var breaker = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerFailureThreshold,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = new PredicateBuilder()
                    .Handle<CentreUnavailableException>()
                    .Handle<CentreProtocolException>()
                    .Handle<TimeoutRejectedException>(),
                OnOpened = _ =>
                {
                    ChangeConnectivity(CentreConnectivity.Offline);
                    return default;
                },
                OnClosed = _ =>
                {
                    ChangeConnectivity(CentreConnectivity.Online);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    LogProbing();
                    return default;
                },
            })
            .AddTimeout(options.CallTimeout)
            .Build();
        _once = breaker;
        _retried = WithRetry(options.MaxRetries).AddPipeline(breaker).Build();
        // A reversal is tried even while offline: the alternative is a charge nobody knows about.
        _reversal = WithRetry(Math.Max(options.MaxRetries, 2)).AddTimeout(options.CallTimeout).Build();
    }

    /// <inheritdoc />
    public CentreConnectivity Connectivity
    {
        get
        {
            lock (_connectivityLock)
            {
                return _connectivity;
            }
        }
    }

    /// <inheritdoc />
    public event EventHandler<CentreConnectivityChangedEventArgs>? ConnectivityChanged;

    /// <inheritdoc />
    public string NextMessageId() => _ids.Next();

    /// <inheritdoc />
    public async Task<SignInResult> SignInAsync(CancellationToken cancellationToken)
    {
        var output = await CallAsync(_retried, TransactionCode.SignIn, _ids.Next(), "", null, SettlementMessages.SignInInput(_options), cancellationToken);
        var result = SettlementMessages.SignIn(output, _time.GetUtcNow());
        Volatile.Write(ref _signNo, result.SignNo);
        return result;
    }

    /// <inheritdoc />
    public async Task<PersonInfo> GetPersonInfoAsync(PersonQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.CertificateNumber);
        var signNo = await SignNoAsync(cancellationToken);
        var output = await CallAsync(
            _retried, TransactionCode.PersonInfo, query.MsgId ?? _ids.Next(), signNo, query, SettlementMessages.PersonQueryInput(query), cancellationToken);
        return SettlementMessages.PersonInfo(output);
    }

    /// <inheritdoc />
    public async Task<SettlementQuote> PreSettleAsync(SettlementScenario scenario, SettlementRequest request, CancellationToken cancellationToken)
    {
        CheckRequest(request);
        var infNo = TransactionCode.PreSettle(scenario);
        var signNo = await SignNoAsync(cancellationToken);
        var output = await CallAsync(
            _once, infNo, request.MsgId ?? _ids.Next(), signNo, request, SettlementMessages.SettlementInput(scenario, request), cancellationToken);
        return SettlementMessages.Quote(output);
    }

    /// <inheritdoc />
    public Task<SettlementReceipt> SettleAsync(SettlementScenario scenario, SettlementRequest request, CancellationToken cancellationToken)
    {
        CheckRequest(request);
        return SendOnceAsync(
            TransactionCode.Settle(scenario), request, request.PersonNo, SettlementMessages.SettlementInput(scenario, request), SettlementMessages.Receipt,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CancellationReceipt> CancelSettlementAsync(
        SettlementScenario scenario, SettlementCancellation cancellation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        ArgumentException.ThrowIfNullOrEmpty(cancellation.SettlementId);
        return SendOnceAsync(
            TransactionCode.Cancel(scenario), cancellation, cancellation.PersonNo, SettlementMessages.CancellationInput(cancellation),
            SettlementMessages.Cancellation, cancellationToken);
    }

    /// <inheritdoc />
    public Task<VisitReceipt> RegisterOutpatientAsync(OutpatientRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrEmpty(registration.PersonNo);
        return SendOnceAsync(
            TransactionCode.OutpatientRegister, registration, registration.PersonNo,
            VisitMessages.RegistrationInput(registration, _envelope.Care(registration.Care)), VisitMessages.Registration, cancellationToken);
    }

    /// <inheritdoc />
    public Task<VisitReceipt> AdmitAsync(InpatientAdmission admission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admission);
        ArgumentException.ThrowIfNullOrEmpty(admission.PersonNo);
        return SendOnceAsync(
            TransactionCode.Admission, admission, admission.PersonNo, VisitMessages.AdmissionInput(admission, _envelope.Care(admission.Care)),
            VisitMessages.Admission, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CentreAcknowledgement> DischargeAsync(InpatientDischarge discharge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(discharge);
        ArgumentException.ThrowIfNullOrEmpty(discharge.VisitId);
        return SendOnceAsync(
            TransactionCode.Discharge, discharge, discharge.PersonNo, VisitMessages.DischargeInput(discharge, _envelope.Care(discharge.Care)),
            Acknowledged, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CentreAcknowledgement> CancelVisitStepAsync(VisitCancellation cancellation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        ArgumentException.ThrowIfNullOrEmpty(cancellation.VisitId);
        return SendOnceAsync(
            TransactionCode.Cancel(cancellation.Step), cancellation, cancellation.PersonNo, VisitMessages.CancellationInput(cancellation), Acknowledged,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<FeeUploadReceipt> UploadFeesAsync(FeeUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentException.ThrowIfNullOrEmpty(upload.VisitId);
        ArgumentOutOfRangeException.ThrowIfZero(upload.Items.Count);
        if (upload.Items.Select(i => i.SerialNo).Distinct(StringComparer.Ordinal).Count() != upload.Items.Count)
        {
            throw new ArgumentException("Every fee detail of a batch needs its own serial number.", nameof(upload));
        }
        return SendOnceAsync(
            TransactionCode.FeeUpload(upload.Scenario), upload, upload.PersonNo, FeeMessages.UploadInput(upload, _envelope.Care),
            (output, msgId) => FeeMessages.Upload(output, msgId, upload), cancellationToken);
    }

    /// <inheritdoc />
    public Task<CentreAcknowledgement> CancelFeesAsync(FeeCancellation cancellation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        ArgumentException.ThrowIfNullOrEmpty(cancellation.VisitId);
        return SendOnceAsync(
            TransactionCode.FeeCancel(cancellation.Scenario), cancellation, cancellation.PersonNo, FeeMessages.CancellationInput(cancellation),
            Acknowledged, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ReversalResult> ReverseAsync(Reversal reversal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reversal);
        ArgumentException.ThrowIfNullOrEmpty(reversal.OriginalMsgId);
        var signNo = await SignNoAsync(cancellationToken);
        var msgId = _ids.Next();
        var output = await CallAsync(
            _reversal, TransactionCode.Reversal, msgId, signNo, reversal, SettlementMessages.ReversalInput(reversal), cancellationToken);
        return SettlementMessages.Reversal(output, msgId);
    }

    /// <inheritdoc />
    public async Task<UploadAcknowledgement> UploadOfflineRecordAsync(OfflineRecordUpload record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var signNo = await SignNoAsync(cancellationToken);
        var output = await CallAsync(
            _retried, TransactionCode.OfflineUpload, _ids.Next(), signNo, null, SettlementMessages.UploadInput(record), cancellationToken);
        var acknowledgement = SettlementMessages.Upload(output);
        return acknowledgement.RecordId == record.RecordId
            ? acknowledgement
            : throw new CentreProtocolException("The centre acknowledged a different record");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PublishedRiderList>> DownloadRiderListsAsync(IReadOnlyList<HeldRiderList> held, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.Any(h => string.IsNullOrWhiteSpace(h?.Name) || h.Version is null))
        {
            throw new ArgumentException("Every held rider list needs a name and a version (empty when none is held).", nameof(held));
        }
        var signNo = await SignNoAsync(cancellationToken);
        var output = await CallAsync(
            _retried, TransactionCode.RiderListDownload, _ids.Next(), signNo, null, SettlementMessages.RiderListInput(held), cancellationToken);
        return SettlementMessages.RiderLists(output, held);
    }

    private static CentreAcknowledgement Acknowledged(JsonElement output, string msgId) => new(msgId);

    /// <summary>
    /// A state-changing call, sent once under its recorded message id. When its answer is lost it is reversed (2601) by
    /// that id — <see cref="SettleReversedException"/>, or <see cref="SettleOutcomeUnknownException"/> when the
    /// reversal failed too — and when the caller gives up while it may be in flight, it is reversed before the
    /// cancellation passes on: nothing is left standing at the centre that nobody knows of.
    /// </summary>
    private async Task<T> SendOnceAsync<T>(
        string infNo, CentreCall call, string personNo, Action<Utf8JsonWriter> input, Func<JsonElement, string, T> read, CancellationToken cancellationToken)
    {
        var signNo = await SignNoAsync(cancellationToken);
        var msgId = call.MsgId ?? _ids.Next();
        var reversal = new Reversal(personNo, infNo, msgId) { InsuredArea = call.InsuredArea, Operator = call.Operator };
        try
        {
            var output = await CallAsync(_once, infNo, msgId, signNo, call, input, cancellationToken);
            return read(output, msgId);
        }
        catch (CentreUnavailableException e) when (e.NeverDelivered)
        {
            throw;
        }
        catch (CentreUnavailableException e)
        {
            await ReverseLostCallAsync(reversal, e);
            throw new SettleReversedException(msgId, e);
        }
        catch (CentreProtocolException e)
        {
            await ReverseLostCallAsync(reversal, e);
            throw new SettleReversedException(msgId, e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            await ReverseLostCallAsync(reversal, e);
            throw;
        }
    }

    private static void CheckRequest(SettlementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.PersonNo);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.TotalFen);
    }

    private ResiliencePipelineBuilder WithRetry(int retries)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (retries == 0)
        {
            return builder;
        }
        return builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = retries,
            Delay = _options.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<CentreUnavailableException>().Handle<TimeoutRejectedException>(),
            OnRetry = args =>
            {
                LogRetrying(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                return default;
            },
        });
    }

    private async Task<string> SignNoAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _signNo) ?? (await SignInAsync(cancellationToken)).SignNo;

    private async Task<JsonElement> CallAsync(
        ResiliencePipeline pipeline, string infNo, string msgId, string signNo, CentreCall? call, Action<Utf8JsonWriter> input,
        CancellationToken cancellationToken)
    {
        // One body for every attempt: a retry repeats the msgid, which the centre answers with its first answer.
        var body = _envelope.Request(infNo, msgId, _time.GetUtcNow(), signNo, call, input);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, token) => CentreEnvelope.Output(await state.Self.PostAsync(state.Body, token)),
                (Self: this, Body: body),
                cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new CentreUnavailableException($"The centre did not answer {infNo} {msgId} within {_options.CallTimeout}", e);
        }
        catch (BrokenCircuitException e)
        {
            throw new CentreUnavailableException($"Offline: {infNo} {msgId} was not sent while the centre is failing", e) { NeverDelivered = true };
        }
    }

    private async Task<ReadOnlyMemory<byte>> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.ServiceUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new CentreUnavailableException("The centre cannot be reached", e) { NeverDelivered = true };
        }
        catch (HttpRequestException e)
        {
            throw new CentreUnavailableException("The centre's answer was lost", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CentreUnavailableException("The HTTP client gave up on the centre", e);
        }
        using (response)
        {
            if ((int)response.StatusCode >= 500)
            {
                throw new CentreUnavailableException($"The centre answered HTTP {(int)response.StatusCode}");
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new CentreProtocolException($"The centre answered HTTP {(int)response.StatusCode}");
            }
            try
            {
                return await ReadLimitedAsync(response.Content, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new CentreUnavailableException("The centre's answer was cut off", e);
            }
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxResponseBytes)
            {
                throw new CentreProtocolException($"The centre's answer exceeds {_options.MaxResponseBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private async Task ReverseLostCallAsync(Reversal reversal, Exception cause)
    {
        LogAnswerLost(reversal.OriginalInfNo, reversal.OriginalMsgId, cause.Message);
        try
        {
            var result = await ReverseAsync(reversal, CancellationToken.None);
            LogReversed(reversal.OriginalInfNo, reversal.OriginalMsgId, result.Undone);
        }
        catch (SettlementException e)
        {
            LogReversalFailed(reversal.OriginalMsgId, e);
            throw new SettleOutcomeUnknownException(reversal, e);
        }
    }

    private void ChangeConnectivity(CentreConnectivity current)
    {
        CentreConnectivity previous;
        lock (_connectivityLock)
        {
            previous = _connectivity;
            if (previous == current)
            {
                return;
            }
            _connectivity = current;
        }
        LogConnectivity(current == CentreConnectivity.Offline ? LogLevel.Warning : LogLevel.Information, previous, current);
        ConnectivityChanged?.Invoke(this, new CentreConnectivityChangedEventArgs(previous, current, _time.GetUtcNow()));
    }

    [LoggerMessage(Message = "Centre connectivity {Previous} -> {Current}")]
    private partial void LogConnectivity(LogLevel level, CentreConnectivity previous, CentreConnectivity current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Centre break over: the next call probes the centre")]
    private partial void LogProbing();

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying centre call, attempt {Attempt} after {Delay}: {Reason}")]
    private partial void LogRetrying(int attempt, TimeSpan delay, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Centre call {InfNo} {MsgId} got no answer ({Reason}); reversing it")]
    private partial void LogAnswerLost(string infNo, string msgId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Centre call {InfNo} {MsgId} reversed (centre had committed it: {Undone})")]
    private partial void LogReversed(string infNo, string msgId, bool undone);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reversal of centre call {MsgId} failed; its outcome is unknown")]
    private partial void LogReversalFailed(string msgId, Exception exception);
}
