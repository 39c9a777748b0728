using CardBridge.Simulation.FileSystem;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>A key on the card: its usage, the diversified key bytes, the DF holding it and its retry counter.</summary>
internal sealed class CardKey
{
    private readonly int _maxTries;

    public CardKey(IssuerKeyUsage usage, byte[] value, DedicatedFile owner, int maxTries)
    {
        Usage = usage;
        Value = value;
        Owner = owner;
        _maxTries = maxTries;
        TriesLeft = maxTries;
    }

    public IssuerKeyUsage Usage { get; }

    public byte[] Value { get; }

    public DedicatedFile Owner { get; }

    public int TriesLeft { get; private set; }

    public bool Blocked => TriesLeft == 0;

    public void Failed() => TriesLeft = Math.Max(0, TriesLeft - 1);

    public void Passed() => TriesLeft = _maxTries;
}
