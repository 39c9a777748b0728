namespace CardBridge.Terminal;

/// <summary>Base of the terminal layer's errors.</summary>
public class TerminalException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The session is unknown or over: its card left, its reader went away or the PC/SC service was lost
/// (the service layer answers <c>CARD_REMOVED</c>).
/// </summary>
public sealed class SessionEndedException : TerminalException
{
    /// <summary>Creates the exception for <paramref name="sessionId"/>.</summary>
    public SessionEndedException(Guid sessionId)
        : base($"card session {sessionId} has ended or never existed") => SessionId = sessionId;

    /// <summary>Creates the exception for <paramref name="sessionId"/> with the card error that ended it.</summary>
    public SessionEndedException(Guid sessionId, Exception innerException)
        : base($"card session {sessionId} has ended", innerException) => SessionId = sessionId;

    /// <summary>The session asked for.</summary>
    public Guid SessionId { get; }
}
