namespace CardBridge.Cards.Medical;

/// <summary>What a completed medical purse DEBIT gives: the TAC, the purse's offline counter and balance after it, the PSAM's terminal sequence.</summary>
internal sealed record PurseDebit(byte[] Tac, ushort CardTransactionCounter, uint BalanceAfterFen, uint TerminalSequence);
