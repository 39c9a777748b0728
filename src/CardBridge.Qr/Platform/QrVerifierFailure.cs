namespace CardBridge.Qr.Platform;

/// <summary>Why the verifying platform could not be used.</summary>
public enum QrVerifierFailure
{
    /// <summary>The platform could not be reached (connection refused, reset, name not resolved).</summary>
    Unreachable = 1,

    /// <summary>The platform did not answer within the call timeout.</summary>
    Timeout,

    /// <summary>The platform answered with an HTTP error status (5xx, or a 4xx meaning the request was not understood).</summary>
    HttpError,

    /// <summary>The platform's answer is not the protocol's JSON (unreadable, truncated, fields missing, too large).</summary>
    MalformedAnswer,

    /// <summary>No platform is configured for this kind of code.</summary>
    NotConfigured,
}
