using System.Buffers.Binary;
using CardBridge.Cards.Transit;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Purse;

/// <summary>
/// The PBOC e-purse steps the DF04 medical purse (CLA B0) and the T-Union purse (CLA 80) share: GET BALANCE
/// <c>5C 00 02 04</c>, the PSAM's MAC1 <c>80 70</c> over the purchase and its check of the card's MAC2 <c>80 72 00 00 04</c>.
/// </summary>
internal static class EPurse
{
    private const byte PsamCla = 0x80;
    private const byte PurchaseType = 0x06;
    private const ushort SwMacInvalid = 0x9302;

    /// <summary>The purse balance in fen (the purse's application selected).</summary>
    public static async Task<uint> ReadBalanceAsync(ICardChannel card, byte cla, string what, CancellationToken cancellationToken)
    {
        var balance = await CardCommand.SendAsync(card, new CommandApdu(cla, 0x5C, 0x00, 0x02, default, 4), what, cancellationToken);
        return balance.Data.Length == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(balance.Data.Span)
            : throw new CardDataException($"GET BALANCE answered {balance.Data.Length} bytes, expected 4");
    }

    /// <summary>
    /// MAC1 <c>80 70 p1 00</c> over random4 ‖ offline counter2 ‖ amount4 ‖ type ‖ date-time7 ‖ key version ‖ algorithm ‖
    /// <paramref name="cardData"/> (what the PSAM diversifies the purchase key with) → terminal sequence4 ‖ MAC1.
    /// </summary>
    public static async Task<(uint Sequence, byte[] Mac1)> ComputeMac1Async(ICardChannel psam, byte p1, PurchaseInit init, uint amountFen,
        byte[] dateTime, ReadOnlyMemory<byte> cardData, string what, CancellationToken cancellationToken)
    {
        byte[] input = [.. init.Random, (byte)(init.OfflineCounter >> 8), (byte)init.OfflineCounter, .. Be32(amountFen), PurchaseType,
            .. dateTime, init.KeyVersion, init.AlgorithmId, .. cardData.Span];
        var answer = await CardCommand.SendAsync(psam, new CommandApdu(PsamCla, 0x70, p1, 0x00, input, 8), what, cancellationToken);
        if (answer.Data.Length != 8)
        {
            throw new CardDataException($"the PSAM's MAC1 answer has {answer.Data.Length} bytes, expected terminal sequence ‖ MAC1 (8)");
        }
        return (BinaryPrimitives.ReadUInt32BigEndian(answer.Data.Span), answer.Data[4..8].ToArray());
    }

    /// <summary>Has the PSAM check the MAC2 of the card's DEBIT answer.</summary>
    /// <exception cref="PurseMacException">The PSAM refused it (9302): the card may have been debited.</exception>
    public static async Task VerifyMac2Async(ICardChannel psam, ReadOnlyMemory<byte> mac2, string what, CancellationToken cancellationToken)
    {
        var verify = await psam.TransmitAsync(new CommandApdu(PsamCla, 0x72, 0x00, 0x00, mac2), cancellationToken);
        if (verify.StatusWord.Value == SwMacInvalid)
        {
            throw new PurseMacException("the PSAM refused the card's MAC2: the answer was altered or the card is not genuine", true);
        }
        if (!verify.StatusWord.IsNormal)
        {
            throw new CardCommandException(what, verify.StatusWord);
        }
    }

    public static byte[] Be32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
