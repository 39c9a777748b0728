namespace CardBridge.Terminal;

/// <summary>Something a terminal client must react to, from <see cref="CardTerminal.WatchAsync"/>.</summary>
public abstract record TerminalEvent;

/// <summary>A reader appeared.</summary>
/// <param name="Reader">The reader's name.</param>
public sealed record ReaderAttachedEvent(string Reader) : TerminalEvent;

/// <summary>A reader went away; the session of its card, if any, has ended.</summary>
/// <param name="Reader">The reader's name.</param>
public sealed record ReaderDetachedEvent(string Reader) : TerminalEvent;

/// <summary>A card arrived; <see cref="SessionReadyEvent"/> follows once it is pre-read.</summary>
/// <param name="Reader">The reader's name.</param>
/// <param name="Atr">The card's answer to reset.</param>
public sealed record CardInsertedEvent(string Reader, ReadOnlyMemory<byte> Atr) : TerminalEvent;

/// <summary>The card left; its session, if it had one, has ended.</summary>
/// <param name="Reader">The reader's name.</param>
/// <param name="SessionId">The session that ended; null when the card left before it was ready.</param>
public sealed record CardRemovedEvent(string Reader, Guid? SessionId) : TerminalEvent;

/// <summary>A card was recognised and pre-read.</summary>
/// <param name="Session">The new session.</param>
public sealed record SessionReadyEvent(CardSession Session) : TerminalEvent;

/// <summary>
/// A card is in the reader but could not be connected to or recognised (mute, refused by PC/SC…); it gets no
/// session. <see cref="CardRemovedEvent"/> follows when it leaves.
/// </summary>
/// <param name="Reader">The reader's name.</param>
/// <param name="Error">What went wrong (<see cref="Iso7816.CardMuteException"/>, <see cref="Iso7816.ReaderException"/>…).</param>
public sealed record CardUnreadableEvent(string Reader, Exception Error) : TerminalEvent;

/// <summary>The PC/SC service is gone; every session has ended.</summary>
/// <param name="Reason">What failed.</param>
public sealed record ServiceLostEvent(string Reason) : TerminalEvent;

/// <summary>The PC/SC service is back; reader and card events for the new snapshot follow.</summary>
public sealed record ServiceRestoredEvent : TerminalEvent;

/// <summary>Where a PIN entry on a reader's own PIN pad stands, so a counter screen can guide the holder.</summary>
public enum PinPadStage
{
    /// <summary>The pad waits for the holder to type the PIN and press OK.</summary>
    EnterPin,

    /// <summary>The entry is over and the card has answered (or the holder cancelled, or the pad timed out).</summary>
    Done,
}

/// <summary>A PIN entry on the reader's PIN pad started or ended (announced by the code that runs it).</summary>
/// <param name="Reader">The reader whose pad is used.</param>
/// <param name="SessionId">The session of the card the PIN is for.</param>
/// <param name="Stage">Where the entry stands.</param>
public sealed record PinPadPromptEvent(string Reader, Guid SessionId, PinPadStage Stage) : TerminalEvent;
