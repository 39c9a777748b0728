namespace CardBridge.Cli;

/// <summary>What <c>cardbridge</c> exits with; listed under "Exit codes" in <c>--help</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>
    /// The service answered the call with a gRPC error (or, for <c>health</c>, is not serving; for
    /// <c>journal verify</c>, the chain is broken).
    /// </summary>
    public const int CallFailed = 1;

    /// <summary>The command line is wrong: unknown option, missing or malformed value, unreadable TLS file, no PIN.</summary>
    public const int Usage = 2;

    /// <summary>No service could be reached at the endpoint (UNAVAILABLE without a CardBridge reason, or no HTTP response, e.g. TLS failed).</summary>
    public const int CannotConnect = 3;

    /// <summary>Ctrl-C (SIGINT) ended a call before it answered; <c>watch</c> ends with <see cref="Ok"/> instead.</summary>
    public const int Interrupted = 130;

    public const string HelpText = """
        Exit codes:
          0  ok
          1  the call failed with a gRPC error (health: the service is not serving; journal verify: the chain is broken)
          2  usage error (bad option or value, unreadable certificate or key file, no PIN given)
          3  cannot connect: no service answered at the endpoint (UNAVAILABLE), or TLS to it failed
          130  interrupted by Ctrl-C before the call answered (watch and transit watch end with 0)
        """;
}
