using CardBridge.Service.Hosting;

namespace CardBridge.Service.Observability;

/// <summary>Where the admin listener is, once the server has bound it (port 0 becomes the port the system chose).</summary>
internal sealed class AdminEndpoint : BoundAddress;
