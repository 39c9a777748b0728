using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace CardBridge.Examples;

/// <summary>
/// A channel to the service. Each call carries <c>authorization: Bearer KEY</c> when an API key is given; without one
/// the caller gets the listener's <c>Security:LocalScopes</c> (loopback only).
/// </summary>
internal sealed class Connection : IDisposable
{
    private readonly GrpcChannel _channel;

    public Connection(Uri endpoint, string? apiKey)
    {
        _channel = GrpcChannel.ForAddress(endpoint);
        Invoker = string.IsNullOrEmpty(apiKey)
            ? _channel.CreateCallInvoker()
            : _channel.Intercept(headers =>
            {
                headers.Add("authorization", $"Bearer {apiKey}");
                return headers;
            });
    }

    public CallInvoker Invoker { get; }

    public void Dispose() => _channel.Dispose();
}
