namespace CardBridge.Simulation.Centre;

/// <summary>What the simulated centre does wrong, switched at runtime.</summary>
public enum CentreFault
{
    /// <summary>Nothing: every call is answered.</summary>
    None = 0,

    /// <summary>The centre is down: it stops listening, so connections are refused (until the fault is cleared).</summary>
    Down,

    /// <summary>Each affected call is held for the fault's delay before it is processed and answered.</summary>
    Slow,

    /// <summary>Each affected call is answered HTTP 500 without being processed.</summary>
    ServerError,

    /// <summary>Each affected call is answered HTTP 200 with a malformed body without being processed.</summary>
    MalformedJson,

    /// <summary>Each affected call is processed (a settle is committed) and the connection is then dropped without an answer.</summary>
    CommitThenDrop,
}
