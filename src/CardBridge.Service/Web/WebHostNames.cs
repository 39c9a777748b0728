using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using CardBridge.Service.Configuration;

namespace CardBridge.Service.Web;

/// <summary>
/// The names a request to the web listener may carry in <c>Host</c>: localhost, the loopback addresses, the bound
/// address and <c>Listeners:Web:HostNames</c>. A page that reaches the listener through a name of its own — its DNS
/// answered 127.0.0.1 (DNS rebinding) — carries that name and is refused. The port is not compared: the attacker
/// controls the name, not where it points.
/// </summary>
internal sealed class WebHostNames
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]" };

    public WebHostNames(IOptions<ListenerOptions> options)
    {
        var web = options.Value.Web;
        if (IPAddress.TryParse(web.Address, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
        {
            _names.Add(AsHost(web.Address));
        }
        foreach (var name in web.HostNames)
        {
            _names.Add(AsHost(name));
        }
    }

    // Host headers write IPv6 addresses in brackets.
    private static string AsHost(string name) =>
        IPAddress.TryParse(name, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{address}]"
            : name.TrimEnd('.');

    public bool Allows(HostString host) => host.HasValue && _names.Contains(host.Host.TrimEnd('.'));
}
