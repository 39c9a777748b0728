namespace CardBridge.Settlement.Centre;

/// <summary>Whether the terminal works with the centre online or in offline mode.</summary>
public enum CentreConnectivity
{
    /// <summary>The centre answers; settlements go online.</summary>
    Online = 1,

    /// <summary>The circuit breaker is open after repeated centre failures: calls fail fast, settlements go offline.</summary>
    Offline = 2,
}
