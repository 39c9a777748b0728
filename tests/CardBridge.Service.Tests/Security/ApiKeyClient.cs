using CardBridge.Service.Security;
using Google.Rpc;
using Grpc.Core;

namespace CardBridge.Service.Tests.Security;

/// <summary>A configured client with a fresh API key and exactly the given scopes, as an operator would set it up.</summary>
internal sealed class ApiKeyClient
{
    public ApiKeyClient(string id, params string[] scopes)
    {
        Id = id;
        Scopes = scopes;
        (Key, StoredHash) = ApiKeyHash.Create();
    }

    public string Id { get; }

    public IReadOnlyList<string> Scopes { get; }

    public string Key { get; }

    public string StoredHash { get; }

    public CallOptions Options => ServiceRig.WithKey(Key);

    /// <summary>The configuration keys of all <paramref name="clients"/>, indexed in order.</summary>
    public static (string Key, string? Value)[] SettingsOf(params ApiKeyClient[] clients)
    {
        var settings = new List<(string, string?)>();
        for (var i = 0; i < clients.Length; i++)
        {
            settings.Add(($"Security:Clients:{i}:Id", clients[i].Id));
            settings.Add(($"Security:Clients:{i}:ApiKeyHashes:0", clients[i].StoredHash));
            for (var j = 0; j < clients[i].Scopes.Count; j++)
            {
                settings.Add(($"Security:Clients:{i}:Scopes:{j}", clients[i].Scopes[j]));
            }
        }
        return [.. settings];
    }

    /// <summary>
    /// Clears the LocalScopes simulator mode grants anonymous loopback callers (appsettings.Simulation.json has four
    /// entries; an empty value withdraws each one).
    /// </summary>
    public static (string Key, string? Value)[] NoLocalScopes { get; } =
        [.. Enumerable.Range(0, 4).Select(i => ($"Security:LocalScopes:{i}", (string?)""))];

    /// <summary>The ErrorInfo of <paramref name="error"/>, after checking its status code and reason.</summary>
    public static ErrorInfo AssertError(RpcException error, StatusCode code, string reason)
    {
        Assert.Equal(code, error.StatusCode);
        var info = error.GetRpcStatus()?.GetDetail<ErrorInfo>() ?? throw new Xunit.Sdk.XunitException($"no ErrorInfo in {error.Status}");
        Assert.Equal("cardbridge.v1", info.Domain);
        Assert.Equal(reason, info.Reason);
        return info;
    }
}
