using Google.Rpc;
using Grpc.Core;

namespace CardBridge.Examples;

/// <summary>
/// Why the service refused a call: the reason of the <c>google.rpc.ErrorInfo</c> in the status details (clients switch
/// on it, never on the message text) and its metadata.
/// </summary>
internal sealed record Refusal(StatusCode Code, string Reason, IReadOnlyDictionary<string, string> Metadata)
{
    public static Refusal Of(RpcException exception)
    {
        var info = exception.GetRpcStatus()?.GetDetail<ErrorInfo>();
        return info is null
            ? new Refusal(exception.StatusCode, "", new Dictionary<string, string>())
            : new Refusal(exception.StatusCode, info.Reason, info.Metadata);
    }

    public string this[string key] => Metadata.TryGetValue(key, out var value) ? value : "";

    public override string ToString() => Metadata.Count == 0
        ? Reason
        : $"{Reason} ({string.Join(", ", Metadata.Select(m => $"{m.Key}={m.Value}"))})";
}
