using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CardBridge.Service.Hosting;

/// <summary>Where a listener of its own (admin, web) is, once the server has bound it (port 0 becomes the port the system chose).</summary>
internal abstract class BoundAddress
{
    private ListenOptions? _listen;
    private bool _tls;

    /// <summary>The listener's base address (<c>http://127.0.0.1:9464/</c>); null while it is off or not yet bound.</summary>
    public Uri? Address => _listen?.IPEndPoint is { Port: > 0 } bound
        ? new UriBuilder(_tls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, bound.Address.ToString(), bound.Port).Uri
        : null;

    internal void Bound(ListenOptions listen, bool tls)
    {
        _listen = listen;
        _tls = tls;
    }
}
