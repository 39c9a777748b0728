namespace CardBridge.Cards.Medical;

/// <summary>
/// An offline settlement written to the card through the medical purse: the EF08 record the DEBIT appended and what
/// the centre needs to check it. <see cref="Tac"/> is the card's transaction authentication code over the purchase
/// (personal-account amount, terminal id, <see cref="TerminalSequence"/>, time; keys diversified by the split), for the
/// centre — the terminal cannot check it.
/// </summary>
/// <param name="Record">The EF08 detail record the card wrote.</param>
/// <param name="Tac">The 4-byte TAC.</param>
/// <param name="CardTransactionCounter">The purse's offline transaction counter after the debit.</param>
/// <param name="BalanceAfterFen">The purse balance after the debit.</param>
public sealed record OfflineCardWrite(MedicalTransaction Record, ReadOnlyMemory<byte> Tac, ushort CardTransactionCounter, uint BalanceAfterFen)
{
    /// <summary>The PSAM's terminal sequence number of the purchase (part of the TAC input).</summary>
    public uint TerminalSequence { get; init; }
}
