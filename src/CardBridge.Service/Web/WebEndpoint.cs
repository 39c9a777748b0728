using CardBridge.Service.Hosting;

namespace CardBridge.Service.Web;

/// <summary>Where the web listener is, once the server has bound it (port 0 becomes the port the system chose).</summary>
internal sealed class WebEndpoint : BoundAddress;
