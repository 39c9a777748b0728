namespace CardBridge.Cards.Transit;

/// <summary>The card has no T-Union purse (SELECT of its AID failed): it cannot pay a fare.</summary>
public sealed class PurseNotAvailableException : CardException
{
    /// <summary>Creates the error with a message.</summary>
    public PurseNotAvailableException(string message) : base(message) { }
}

/// <summary>The purse holds less than the purchase amount (9401); nothing was debited.</summary>
public sealed class InsufficientFundsException : CardException
{
    /// <summary>Creates the error with the amount asked for and the balance the card holds.</summary>
    public InsufficientFundsException(uint amountFen, uint balanceFen)
        : base($"insufficient funds: {amountFen} fen asked, {balanceFen} fen in the purse")
    {
        AmountFen = amountFen;
        BalanceFen = balanceFen;
    }

    /// <summary>The purchase amount in fen.</summary>
    public uint AmountFen { get; }

    /// <summary>The purse balance in fen.</summary>
    public uint BalanceFen { get; }
}

/// <summary>
/// A purchase MAC did not verify: the card refused the PSAM's MAC1 (9302, nothing debited — a card or PSAM with
/// other keys), or the PSAM refused the card's MAC2 (the answer was tampered with or the card is not genuine; the
/// card may have been debited, so the purchase stays pending and is resolved on the next tap).
/// </summary>
public sealed class PurseMacException : CardException
{
    /// <summary>Creates the error with a message; <paramref name="debitMayHaveHappened"/> tells which MAC failed.</summary>
    public PurseMacException(string message, bool debitMayHaveHappened) : base(message)
    {
        DebitMayHaveHappened = debitMayHaveHappened;
    }

    /// <summary>True when MAC2 failed (the card did debit, or claims so); false when MAC1 failed (nothing was debited).</summary>
    public bool DebitMayHaveHappened { get; }
}

/// <summary>
/// A pending (interrupted) purchase of this card cannot be proven either way here: the card has no proof for it
/// and its counter moved on, or the PSAM no longer holds the purchase's session. The pending record is kept for
/// the clearing centre; the terminal must not charge the card again until it is resolved.
/// </summary>
public sealed class PurchaseRecoveryException : CardException
{
    /// <summary>Creates the error with the unresolved purchase.</summary>
    public PurchaseRecoveryException(string message, PendingPurchase pending) : base(message)
    {
        Pending = pending;
    }

    /// <summary>The purchase that stays unresolved.</summary>
    public PendingPurchase Pending { get; }
}
