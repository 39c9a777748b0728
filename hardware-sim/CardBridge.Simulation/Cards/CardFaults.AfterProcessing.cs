namespace CardBridge.Simulation.Cards;

// The tear fault: unlike RemoveOnNextCommand (the card leaves before it acts), the card here carries out the
// command, changes its persistent state, and leaves before its answer reaches the reader.
public sealed partial class CardFaults
{
    private bool _removeAfterProcessing;
    private byte? _removeAfterProcessingIns;

    /// <summary>
    /// Makes the card process the next command (only instruction <paramref name="ins"/>, when given) in full and
    /// then leave the reader without answering it (one shot): a purse debited whose answer never arrives.
    /// </summary>
    public void RemoveAfterProcessing(byte? ins = null)
    {
        lock (_gate)
        {
            _removeAfterProcessing = true;
            _removeAfterProcessingIns = ins;
        }
    }

    /// <summary>True while a <see cref="RemoveAfterProcessing"/> is armed and has not fired yet.</summary>
    public bool RemovesAfterProcessing
    {
        get { lock (_gate) { return _removeAfterProcessing; } }
    }

    /// <summary>Consumes the after-processing removal for a command with instruction <paramref name="ins"/>: true once when it applies.</summary>
    public bool TakeRemovalAfterProcessing(byte ins)
    {
        lock (_gate)
        {
            if (!_removeAfterProcessing || (_removeAfterProcessingIns is { } only && only != ins))
            {
                return false;
            }
            _removeAfterProcessing = false;
            _removeAfterProcessingIns = null;
            return true;
        }
    }

    private void ClearRemovalAfterProcessing()
    {
        _removeAfterProcessing = false;
        _removeAfterProcessingIns = null;
    }
}
