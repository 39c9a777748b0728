using CardBridge.Cards.Authentication;
using CardBridge.Cards.Layout;

namespace CardBridge.Terminal;

/// <summary>How the terminal pre-reads cards and where it gets time and ids.</summary>
public sealed class CardTerminalOptions
{
    /// <summary>PSAM or HSM authentication that opens a third-generation card's holder file; null when the terminal has none.</summary>
    public ICardAuthenticator? Authenticator { get; init; }

    /// <summary>The card file layout; the national one unless set.</summary>
    public CardFileLayout? Layout { get; init; }

    /// <summary>The clock for session times and card validity.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Makes session ids.</summary>
    public Func<Guid> NewSessionId { get; init; } = Guid.NewGuid;

    /// <summary>
    /// Also read the bank account reference of the card's UnionPay application at arrival (2 APDUs more), for counters
    /// that pay out into it; off by default, since every card then pays for it.
    /// </summary>
    public bool PreReadBankAccount { get; init; }

    /// <summary>
    /// The PSAM, when it sits in a <see cref="PsamSlot"/>: the terminal follows its reader (never claimed as a card
    /// reader nor reported) and keeps the slot's state current, so a PSAM pulled is known away at once and one put back
    /// is connected before the next card needs it. Its genuine-card check is still given as <see cref="Authenticator"/>.
    /// </summary>
    public SharedPsam? Psam { get; init; }

    /// <summary>Readers the terminal leaves alone (a reader another program owns): it neither claims nor reports them.</summary>
    public IReadOnlySet<string> ExcludedReaders { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
