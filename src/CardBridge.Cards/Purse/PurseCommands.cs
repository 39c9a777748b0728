using CardBridge.Iso7816;

namespace CardBridge.Cards.Purse;

/// <summary>
/// The PBOC e-purse commands by name (DESIGN §8): the card's, for the T-Union purse (CLA 80) and the DF04 medical
/// purse (CLA B0, with CardBridge's split of the amount, see <see cref="Medical.MedicalPurse"/>), and the PSAM's side
/// of a purchase (CLA 80).
/// </summary>
internal static class PurseCommands
{
    /// <summary>The class byte of the T-Union purse's commands (and of the PSAM's).</summary>
    public const byte TransitCla = 0x80;

    /// <summary>The class byte of the DF04 medical purse's commands.</summary>
    public const byte MedicalCla = 0xB0;

    /// <summary>The transaction type of a purchase (MAC1 input, P2 of GET TRANSACTION PROVE).</summary>
    public const byte PurchaseType = 0x06;

    /// <summary>GET BALANCE <c>cla 5C 00 02 04</c>: the balance in fen, 4 bytes.</summary>
    public static CommandApdu GetBalance(byte cla) => new(cla, 0x5C, 0x00, 0x02, default, 4);

    /// <summary>
    /// T-Union INITIALIZE FOR PURCHASE <c>80 50 01 02 0B</c>: key index ‖ amount4 ‖ terminal id6 → balance4 ‖ offline
    /// counter2 ‖ overdraft3 ‖ key version ‖ algorithm ‖ random4 (<see cref="PurchaseInit"/>).
    /// </summary>
    public static CommandApdu InitializeForPurchase(byte keyIndex, uint amountFen, ReadOnlySpan<byte> terminalId) =>
        new(TransitCla, 0x50, 0x01, 0x02, (byte[])[keyIndex, .. EPurse.Be32(amountFen), .. terminalId], PurchaseInit.Length);

    /// <summary>T-Union DEBIT FOR PURCHASE <c>80 54 01 00 0F</c>: terminal sequence4 ‖ date-time7 ‖ MAC1 → TAC ‖ MAC2.</summary>
    public static CommandApdu DebitForPurchase(uint terminalSequence, ReadOnlySpan<byte> dateTime, ReadOnlySpan<byte> mac1) =>
        new(TransitCla, 0x54, 0x01, 0x00, (byte[])[.. EPurse.Be32(terminalSequence), .. dateTime, .. mac1], 8);

    /// <summary>
    /// GET TRANSACTION PROVE <c>80 5A 00 06 02</c> of the purchase that left the offline counter at
    /// <paramref name="counterAfter"/> → MAC2 ‖ TAC, or 9406 when the card did not complete it.
    /// </summary>
    public static CommandApdu GetTransactionProve(ushort counterAfter) =>
        new(TransitCla, 0x5A, 0x00, PurchaseType, new[] { (byte)(counterAfter >> 8), (byte)counterAfter }, 8);

    /// <summary>
    /// Medical purse INITIALIZE FOR PURCHASE <c>B0 28 01 01 13</c>: key index ‖ amount4 ‖ terminal id6 ‖
    /// <paramref name="split"/> (self-pay4 ‖ pooled4) → <see cref="PurchaseInit"/>.
    /// </summary>
    public static CommandApdu InitializeMedicalPurchase(byte keyIndex, uint accountFen, ReadOnlySpan<byte> terminalId, ReadOnlySpan<byte> split) =>
        new(MedicalCla, 0x28, 0x01, 0x01, (byte[])[keyIndex, .. EPurse.Be32(accountFen), .. terminalId, .. split], PurchaseInit.Length);

    /// <summary>Medical purse DEBIT <c>B0 2C 01 00 0F</c>: terminal sequence4 ‖ date-time7 ‖ MAC1 → TAC ‖ MAC2.</summary>
    public static CommandApdu DebitMedicalPurchase(uint terminalSequence, ReadOnlySpan<byte> dateTime, ReadOnlySpan<byte> mac1) =>
        new(MedicalCla, 0x2C, 0x01, 0x00, (byte[])[.. EPurse.Be32(terminalSequence), .. dateTime, .. mac1], 8);

    /// <summary>PSAM MAC1 <c>80 70 p1 00</c> over the purchase (<see cref="EPurse.ComputeMac1Async"/>) → terminal sequence4 ‖ MAC1.</summary>
    public static CommandApdu ComputeMac1(byte p1, ReadOnlyMemory<byte> input) => new(0x80, 0x70, p1, 0x00, input, 8);

    /// <summary>PSAM check of the card's MAC2 <c>80 72 00 00 04</c>.</summary>
    public static CommandApdu VerifyMac2(ReadOnlyMemory<byte> mac2) => new(0x80, 0x72, 0x00, 0x00, mac2);
}
