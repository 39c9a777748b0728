using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CardBridge.Service.Observability;

/// <summary>Where the admin listener is, once the server has bound it (port 0 becomes the port the system chose).</summary>
internal sealed class AdminEndpoint
{
    private ListenOptions? _listen;
    private bool _tls;

    /// <summary>The admin listener's base address (<c>http://127.0.0.1:9464/</c>); null while it is off or not yet bound.</summary>
    public Uri? Address => _listen?.IPEndPoint is { Port: > 0 } bound
        ? new Uri(string.Create(CultureInfo.InvariantCulture, $"{(_tls ? "https" : "http")}://{(bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString())}:{bound.Port}/"))
        : null;

    internal void Bound(ListenOptions listen, bool tls)
    {
        _listen = listen;
        _tls = tls;
    }
}
