namespace CardBridge.Cards.Pin;

/// <summary>The holder cancelled PIN entry on the reader's keypad (standard interface code −31).</summary>
public sealed class PinEntryCancelledException(string message) : CardException(message);

/// <summary>The reader's keypad timed out waiting for the PIN (standard interface code −32).</summary>
public sealed class PinEntryTimeoutException(string message) : CardException(message);

/// <summary>The two entries of the new PIN on the reader's keypad differ (PC/SC part 10 answer 6402; standard interface code −34).</summary>
public sealed class PinConfirmationMismatchException(string message) : CardException(message);

/// <summary>The card rejected a secure-messaging command's MAC (6988 / 9302): the key or session does not match.</summary>
public sealed class SecureMessagingException(string message) : CardException(message);
