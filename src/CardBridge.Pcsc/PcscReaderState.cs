namespace CardBridge.Pcsc;

/// <summary>
/// One entry of <see cref="PcscContext.GetStatusChange"/>: the reader, the state the caller believes it is
/// in, and after the call the state it is in. The upper 16 bits of PC/SC's dwEventState are an event counter
/// (incremented on card insertion and removal); <see cref="EventCount"/> exposes it.
/// </summary>
public sealed class PcscReaderState
{
    /// <summary>The name of the special reader whose state changes when readers are attached or detached.</summary>
    public const string PnpNotification = @"\\?PnP?\Notification";

    /// <summary>Creates an entry for a reader in the state the caller believes it is in.</summary>
    public PcscReaderState(string reader, PcscReaderStates currentState = PcscReaderStates.Unaware)
    {
        ArgumentException.ThrowIfNullOrEmpty(reader);
        Reader = reader;
        RawCurrentState = (uint)currentState;
    }

    /// <summary>The reader name (or <see cref="PnpNotification"/>).</summary>
    public string Reader { get; }

    /// <summary>The state the caller believes the reader is in.</summary>
    public PcscReaderStates CurrentState => (PcscReaderStates)(RawCurrentState & 0xFFFF);

    /// <summary>The reader's state after the last call.</summary>
    public PcscReaderStates EventState => (PcscReaderStates)(RawEventState & 0xFFFF);

    /// <summary>The event counter after the last call (upper 16 bits of dwEventState).</summary>
    public int EventCount => (int)(RawEventState >> 16);

    /// <summary>The ATR of the card in the reader after the last call; empty without a card.</summary>
    public ReadOnlyMemory<byte> Atr { get; private set; }

    /// <summary>dwCurrentState as passed to PC/SC, counter bits included.</summary>
    internal uint RawCurrentState { get; set; }

    /// <summary>dwEventState as returned by PC/SC, counter bits included.</summary>
    internal uint RawEventState { get; private set; }

    /// <summary>Makes the last event state the state to wait against (counter included), as PC/SC expects.</summary>
    public void Acknowledge() => RawCurrentState = RawEventState & ~(uint)PcscReaderStates.Changed;

    internal void SetEvent(uint eventState, ReadOnlySpan<byte> atr)
    {
        RawEventState = eventState;
        Atr = atr.ToArray();
    }
}
