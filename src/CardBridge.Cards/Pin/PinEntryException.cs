namespace CardBridge.Cards.Pin;

/// <summary>The holder cancelled PIN entry on the reader's keypad (standard interface code −31).</summary>
public sealed class PinEntryCancelledException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public PinEntryCancelledException(string message) : base(message) { }
}

/// <summary>The reader's keypad timed out waiting for the PIN (standard interface code −32).</summary>
public sealed class PinEntryTimeoutException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public PinEntryTimeoutException(string message) : base(message) { }
}

/// <summary>The card rejected a secure-messaging command's MAC (6988 / 9302): the key or session does not match.</summary>
public sealed class SecureMessagingException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public SecureMessagingException(string message) : base(message) { }
}
