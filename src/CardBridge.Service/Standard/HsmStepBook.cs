using CardBridge.Cards.Authentication;
using CardBridge.Terminal;

namespace CardBridge.Service.Standard;

/// <summary>
/// Step 1 of the standard interface's HSM read, kept per card session until its step 2: the card's internal-authentication
/// answer never leaves the service, and a card that left takes its step with it.
/// </summary>
internal sealed class HsmStepBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, HsmStep1> _steps = [];

    /// <summary>Keeps <paramref name="step"/> for <paramref name="session"/>, replacing an earlier one, and forgets the steps of ended sessions.</summary>
    public void Put(CardTerminal terminal, Guid session, HsmStep1 step)
    {
        lock (_gate)
        {
            foreach (var ended in _steps.Keys.Where(id => !terminal.TryGetSession(id, out _)).ToList())
            {
                _steps.Remove(ended);
            }
            _steps[session] = step;
        }
    }

    /// <summary>The step kept for <paramref name="session"/>, or null.</summary>
    public HsmStep1? Find(Guid session)
    {
        lock (_gate)
        {
            return _steps.GetValueOrDefault(session);
        }
    }

    /// <summary>Forgets <paramref name="step"/> once used (a newer step of the session stays).</summary>
    public void Remove(Guid session, HsmStep1 step)
    {
        lock (_gate)
        {
            if (_steps.TryGetValue(session, out var kept) && ReferenceEquals(kept, step))
            {
                _steps.Remove(session);
            }
        }
    }
}
