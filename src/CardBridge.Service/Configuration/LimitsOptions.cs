namespace CardBridge.Service.Configuration;

/// <summary>What one request and one client may take of the service (section <c>Limits</c>), on every listener.</summary>
internal sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>
    /// The largest request message read, in bytes (gRPC and gRPC-Web; a JSON body may be 4 times this, JSON being wordier);
    /// a larger one is refused RESOURCE_EXHAUSTED with reason REQUEST_TOO_LARGE from its length, before it is read. The
    /// largest valid request is a fee batch of 100 details with every field at its longest, about 28 KB.
    /// </summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>The largest response message sent, in bytes; journal exports come in chunks well below it.</summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The server streams (WatchEvents, WatchDecisions, Export, …) one client may hold open at once; one more is refused
    /// RESOURCE_EXHAUSTED with reason CALLER_LIMIT_REACHED. All anonymous local callers are the one client <c>local</c>.
    /// </summary>
    public int StreamsPerClient { get; set; } = 32;

    /// <summary>The AwaitCredential calls one client may have waiting at once; one more is refused as for streams.</summary>
    public int PendingAwaitsPerClient { get; set; } = 8;
}
