using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace CardBridge.Qr.Platform;

/// <summary>
/// Verifies codes over HTTP: POSTs the <see cref="PlatformWire"/> request to the endpoint configured for the code's kind
/// and reads the holder from the answer. Each call is bounded by <see cref="PlatformQrOptions.CallTimeout"/> (the
/// <see cref="HttpClient"/>'s own timeout is not relied on) and sent once: a lost answer may have consumed the code, so a
/// retry would be refused as used. Logs carry the code's kind and length, never the code or the holder.
/// </summary>
public sealed partial class HttpQrVerifier : IQrVerifier
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly PlatformQrOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpQrVerifier> _logger;

    /// <summary>Creates the verifier. <paramref name="http"/> is not owned (give it from an <c>IHttpClientFactory</c>).</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public HttpQrVerifier(HttpClient http, PlatformQrOptions options, TimeProvider time, ILogger<HttpQrVerifier> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _http = http;
        _options = OptionsAnnotations.Checked(options);
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<PlatformQrCredential> VerifyAsync(PlatformQrCode code, QrVerifyContext context, CancellationToken cancellationToken)
    {
        if (code.Text is null)
        {
            throw new ArgumentException("The code is the default value, not a recognised code.", nameof(code));
        }
        ArgumentNullException.ThrowIfNull(context);
        context.Validate();
        var endpoint = _options.EndpointFor(code.Type)
            ?? throw new QrVerifierUnavailableException(QrVerifierFailure.NotConfigured, $"No platform is configured for {code.Type} codes.");
        var requestId = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        var started = _time.GetTimestamp();
        try
        {
            var credential = await CallAsync(endpoint, code, context, requestId, cancellationToken);
            var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
            LogVerified(code.Type, code.Text.Length, context.BusinessTypeCode, requestId, elapsedMs);
            return credential;
        }
        catch (PlatformQrRejectedException e)
        {
            LogRefused(code.Type, code.Text.Length, e.PlatformReason, e.PlatformCode, requestId);
            throw;
        }
        catch (QrVerifierUnavailableException e)
        {
            var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
            LogUnavailable(code.Type, e.Failure, requestId, elapsedMs);
            throw;
        }
    }

    private async Task<PlatformQrCredential> CallAsync(
        Uri endpoint, PlatformQrCode code, QrVerifyContext context, string requestId, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.CallTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
            request.Content = new ByteArrayContent(PlatformWire.Request(code, context, requestId));
            request.Content.Headers.ContentType = Json;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new QrVerifierUnavailableException(QrVerifierFailure.HttpError,
                    string.Create(CultureInfo.InvariantCulture, $"The platform answered HTTP {status}.")) { HttpStatus = status };
            }
            var body = await ReadBodyAsync(response.Content, linked.Token);
            return PlatformWire.Answer(code.Type, body);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The caller cancelled the verification.", e, cancellationToken);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new QrVerifierUnavailableException(QrVerifierFailure.Timeout,
                string.Create(CultureInfo.InvariantCulture, $"The platform did not answer within {_options.CallTimeout.TotalMilliseconds} ms."), e);
        }
        catch (HttpRequestException e)
        {
            throw new QrVerifierUnavailableException(QrVerifierFailure.Unreachable, $"The platform could not be reached ({e.HttpRequestError}).", e);
        }
        catch (IOException e)
        {
            throw new QrVerifierUnavailableException(QrVerifierFailure.Unreachable, "The connection to the platform broke while reading its answer.", e);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        if (content.Headers.ContentLength > limit)
        {
            throw TooLarge();
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit + 1];
        var length = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > limit)
            {
                throw TooLarge();
            }
        }
        return buffer.AsMemory(0, length);

        QrVerifierUnavailableException TooLarge() => new(QrVerifierFailure.MalformedAnswer,
            string.Create(CultureInfo.InvariantCulture, $"The platform's answer exceeds {limit} bytes."));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{CodeType} code ({CodeLength} chars) verified for business {BusinessType}, request {RequestId}, in {ElapsedMs} ms")]
    private partial void LogVerified(PlatformQrCodeType codeType, int codeLength, string businessType, string requestId, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{CodeType} code ({CodeLength} chars) refused by the platform: {Reason} (code {PlatformCode}), request {RequestId}")]
    private partial void LogRefused(PlatformQrCodeType codeType, int codeLength, string reason, int platformCode, string requestId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{CodeType} platform unavailable: {Failure}, request {RequestId}, after {ElapsedMs} ms")]
    private partial void LogUnavailable(PlatformQrCodeType codeType, QrVerifierFailure failure, string requestId, double elapsedMs);
}
