using System.Text;
using System.Text.Json;
using CardBridge.Api.V1;
using Google.Rpc;
using Grpc.Core;

namespace CardBridge.Cli.Client;

/// <summary>
/// A failed call as the operator (one line on standard error, plus the PIN tries left) or a script (one JSON
/// object on standard output) sees it, and the exit code it maps to. The reason comes from the
/// <c>google.rpc.ErrorInfo</c> in the status details, never from the message text.
/// </summary>
internal sealed class RpcErrorReport(StatusCode code, string message, ErrorInfo? info, bool noHttpResponse)
{
    private const string WrongPin = "WRONG_PIN";

    public StatusCode Code { get; } = code;

    public string Message { get; } = message;

    /// <summary>The error's ErrorInfo, when the server sent one.</summary>
    public ErrorInfo? Info { get; } = info;

    /// <summary>
    /// No CardBridge reason and either UNAVAILABLE (nothing answered at the endpoint, or a proxy in between gave up)
    /// or no HTTP response at all (Grpc.Net.Client reports a failed TLS handshake as INTERNAL).
    /// </summary>
    public bool CannotConnect => Info?.Domain != ErrorDomain.Name && (Code == StatusCode.Unavailable || noHttpResponse);

    public int ExitCode => CannotConnect ? ExitCodes.CannotConnect : ExitCodes.CallFailed;

    public static RpcErrorReport From(RpcException exception)
    {
        var status = exception.GetRpcStatus();
        var info = status?.GetDetail<ErrorInfo>();
        var message = status?.Message is { Length: > 0 } detailed ? detailed : exception.Status.Detail;
        if (info is null && exception.StatusCode is StatusCode.Unavailable && exception.Status.DebugException?.GetBaseException() is { } cause)
        {
            // "Error connecting to subchannel." alone does not tell refused from unresolvable from TLS failure.
            message = $"{message} {cause.Message}";
        }
        var noHttpResponse = Causes(exception.Status.DebugException).Any(e => e is HttpRequestException);
        return new RpcErrorReport(exception.StatusCode, message, info, noHttpResponse);
    }

    public async Task<int> WriteAsync(ConnectionSettings settings, Output.CliConsole console)
    {
        if (settings.Json)
        {
            await console.Out.WriteLineAsync(ToJson());
        }
        else
        {
            await console.Error.WriteLineAsync(ToLine(settings.Endpoint));
            if (Info?.Reason == WrongPin && Info.Metadata.TryGetValue(ErrorDomain.TriesLeft, out var triesLeft))
            {
                await console.Error.WriteLineAsync($"tries left: {triesLeft}");
            }
        }
        return ExitCode;
    }

    public string ToLine(string endpoint)
    {
        if (CannotConnect)
        {
            return $"error: cannot connect to {endpoint} ({Code}): {Message}";
        }
        var reason = string.IsNullOrEmpty(Info?.Reason) ? "" : Info.Reason + " ";
        return $"error: {reason}({Code}): {Message}";
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteNumber("code", (int)Code);
            json.WriteString("status", Code.ToString());
            if (Info is not null)
            {
                json.WriteString("reason", Info.Reason);
                json.WriteString("domain", Info.Domain);
            }
            json.WriteString("message", Message);
            json.WriteStartObject("metadata");
            if (Info is not null)
            {
                foreach (var (key, value) in Info.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
