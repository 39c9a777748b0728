namespace CardBridge.Simulation.Cards;

/// <summary>
/// Fault injection switches of one simulated card, flipped by tests or by the simulator's command line
/// while a reader is using the card. Every switch is safe to change from any thread.
/// </summary>
public sealed partial class CardFaults
{
    private readonly Lock _gate = new();
    private bool _mute;
    private TimeSpan _delay;
    private bool _removeOnNextCommand;
    private ushort? _statusWord;
    private byte? _statusWordForIns;
    private bool _corruptTlv;

    /// <summary>When set, the card answers no command.</summary>
    public bool Mute
    {
        get { lock (_gate) { return _mute; } }
        set { lock (_gate) { _mute = value; } }
    }

    /// <summary>Extra time the card takes for every answer.</summary>
    public TimeSpan Delay
    {
        get { lock (_gate) { return _delay; } }
        set { lock (_gate) { _delay = value < TimeSpan.Zero ? TimeSpan.Zero : value; } }
    }

    /// <summary>When set, the next command is not answered: the card leaves the reader in the middle of it (one shot).</summary>
    public bool RemoveOnNextCommand
    {
        get { lock (_gate) { return _removeOnNextCommand; } }
        set { lock (_gate) { _removeOnNextCommand = value; } }
    }

    /// <summary>When set, the card answers every corrupted-TLV-bearing reply with its value bytes mangled.</summary>
    public bool CorruptTlv
    {
        get { lock (_gate) { return _corruptTlv; } }
        set { lock (_gate) { _corruptTlv = value; } }
    }

    /// <summary>
    /// Makes the card answer with <paramref name="statusWord"/> (and no data) instead of its real answer, for
    /// every command or only for instruction <paramref name="ins"/>.
    /// </summary>
    public void ForceStatusWord(ushort statusWord, byte? ins = null)
    {
        lock (_gate)
        {
            _statusWord = statusWord;
            _statusWordForIns = ins;
        }
    }

    /// <summary>Turns every switch off.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _mute = false;
            _delay = TimeSpan.Zero;
            _removeOnNextCommand = false;
            _statusWord = null;
            _statusWordForIns = null;
            _corruptTlv = false;
            ClearRemovalAfterProcessing();
        }
    }

    /// <summary>The forced status word for a command with instruction <paramref name="ins"/>, if any.</summary>
    public ushort? ForcedStatusWordFor(byte ins)
    {
        lock (_gate)
        {
            return _statusWord is { } sw && (_statusWordForIns is null || _statusWordForIns == ins) ? sw : null;
        }
    }

    /// <summary>Consumes the one-shot removal switch: true once after it was set.</summary>
    public bool TakeRemoval()
    {
        lock (_gate)
        {
            var remove = _removeOnNextCommand;
            _removeOnNextCommand = false;
            return remove;
        }
    }
}
