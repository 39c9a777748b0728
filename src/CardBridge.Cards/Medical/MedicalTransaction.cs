namespace CardBridge.Cards.Medical;

/// <summary>The transaction type of an EF08 detail record (an1).</summary>
public enum MedicalTransactionType : byte
{
    /// <summary>'1': a load of the personal account.</summary>
    Load = (byte)'1',

    /// <summary>'2': a settlement confirmed online.</summary>
    Settlement = (byte)'2',

    /// <summary>
    /// '3': an offline settlement recorded on the card and counted in EF06, not yet uploaded. CardBridge's
    /// extension of the type code: it lets a reader tell the offline records that EF06 must account for from
    /// the online ones, which is what makes a torn offline write detectable.
    /// </summary>
    OfflineSettlement = (byte)'3',
}

/// <summary>
/// One DF04 EF08 transaction detail record (0x1C bytes): sequence b2, type an1, terminal id cn6, time cn7,
/// personal account amount b4, self-pay b4, pooled fund b4 (amounts in fen).
/// </summary>
/// <param name="Sequence">The card's transaction sequence number.</param>
/// <param name="Type">Load, settlement or offline settlement.</param>
/// <param name="TerminalId">The 12-digit terminal number.</param>
/// <param name="Time">Local time of the transaction, to the second.</param>
/// <param name="AccountFen">Paid from the personal account.</param>
/// <param name="SelfPayFen">Paid by the holder.</param>
/// <param name="PooledFen">Paid by the pooled fund.</param>
public sealed record MedicalTransaction(
    ushort Sequence, MedicalTransactionType Type, string TerminalId, DateTime Time, uint AccountFen, uint SelfPayFen, uint PooledFen)
{
    /// <summary>The whole amount of the transaction: account + self-pay + pooled fund; what EF06 tag 92 accumulates for offline settlements.</summary>
    public ulong TotalFen => (ulong)AccountFen + SelfPayFen + PooledFen;
}
