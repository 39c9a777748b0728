namespace CardBridge.Simulation.FileSystem;

/// <summary>
/// What the holder and the terminal have proven since reset. A proof belongs to the DF whose secret it used
/// and lasts while the current DF stays inside that DF's subtree (ISO/IEC 7816-4 §5.4: the security status of a
/// DF is kept when a child is selected and lost when another DF is selected).
/// </summary>
internal sealed class SecurityState
{
    private readonly Dictionary<byte, DedicatedFile> _keys = [];
    private DedicatedFile? _pinOwner;

    /// <summary>True after a successful VERIFY that still holds.</summary>
    public bool PinVerified => _pinOwner is not null;

    /// <summary>True after a successful EXTERNAL AUTHENTICATE with <paramref name="keyId"/> that still holds.</summary>
    public bool IsAuthenticated(byte keyId) => _keys.ContainsKey(keyId);

    /// <summary>Records a successful VERIFY of the PIN kept by <paramref name="owner"/>.</summary>
    public void PinPassed(DedicatedFile owner) => _pinOwner = owner;

    /// <summary>Forgets a VERIFY (a later wrong PIN clears the state).</summary>
    public void PinFailed() => _pinOwner = null;

    /// <summary>Records a successful EXTERNAL AUTHENTICATE with a key kept by <paramref name="owner"/>.</summary>
    public void KeyPassed(byte keyId, DedicatedFile owner) => _keys[keyId] = owner;

    /// <summary>Drops every proof whose DF no longer contains <paramref name="current"/>.</summary>
    public void Entered(DedicatedFile current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (_pinOwner is not null && !current.IsWithin(_pinOwner))
        {
            _pinOwner = null;
        }
        foreach (var (keyId, owner) in _keys.ToArray())
        {
            if (!current.IsWithin(owner))
            {
                _keys.Remove(keyId);
            }
        }
    }

    /// <summary>Forgets everything (reset).</summary>
    public void Clear()
    {
        _pinOwner = null;
        _keys.Clear();
    }
}
