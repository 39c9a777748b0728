namespace CardBridge.Simulation.Qr.Platform;

/// <summary>What the simulated platform does wrong with verification calls, switched at runtime.</summary>
public enum QrPlatformFault
{
    /// <summary>Nothing: every call is answered.</summary>
    None = 0,

    /// <summary>The platform stops listening, so connections are refused, until the fault is cleared.</summary>
    Down,

    /// <summary>Each verification is held for the fault's delay before it is processed and answered.</summary>
    Slow,

    /// <summary>Each verification is answered HTTP 500 without being processed (the code stays unused).</summary>
    ServerError,

    /// <summary>Each verification is answered HTTP 200 with a truncated JSON body without being processed.</summary>
    MalformedAnswer,
}
