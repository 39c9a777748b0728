namespace CardBridge.Cards.Transit;

/// <summary>The card has no T-Union purse (SELECT of its AID failed): it cannot pay a fare.</summary>
public sealed class PurseNotAvailableException(string message) : CardException(message);

/// <summary>The purse holds less than the purchase amount (9401); nothing was debited.</summary>
public sealed class InsufficientFundsException(uint amountFen, uint balanceFen)
    : CardException($"insufficient funds: {amountFen} fen asked, {balanceFen} fen in the purse")
{
    /// <summary>The purchase amount in fen.</summary>
    public uint AmountFen { get; } = amountFen;

    /// <summary>The purse balance in fen.</summary>
    public uint BalanceFen { get; } = balanceFen;
}

/// <summary>
/// A purchase MAC did not verify: the card refused the PSAM's MAC1 (9302, nothing debited — a card or PSAM with
/// other keys), or the PSAM refused the card's MAC2 (the answer was tampered with or the card is not genuine; the
/// card may have been debited, so the purchase stays pending and is resolved on the next tap).
/// <paramref name="debitMayHaveHappened"/> tells which MAC failed.
/// </summary>
public sealed class PurseMacException(string message, bool debitMayHaveHappened) : CardException(message)
{
    /// <summary>True when MAC2 failed (the card did debit, or claims so); false when MAC1 failed (nothing was debited).</summary>
    public bool DebitMayHaveHappened { get; } = debitMayHaveHappened;
}

/// <summary>
/// A pending (interrupted) purchase of this card cannot be proven either way here: the card has no proof for it
/// and its counter moved on, or the PSAM no longer holds the purchase's session. The pending record is kept for
/// the clearing centre; the terminal must not charge the card again until it is resolved.
/// </summary>
public sealed class PurchaseRecoveryException(string message, PendingPurchase pending) : CardException(message)
{
    /// <summary>The purchase that stays unresolved.</summary>
    public PendingPurchase Pending { get; } = pending;
}
