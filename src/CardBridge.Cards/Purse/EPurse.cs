using System.Buffers.Binary;
using System.Globalization;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Transit;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Purse;

/// <summary>
/// The PBOC e-purse steps the DF04 medical purse (CLA B0) and the T-Union purse (CLA 80) share: GET BALANCE
/// <c>5C 00 02 04</c>, the PSAM's MAC1 <c>80 70</c> over the purchase and its check of the card's MAC2 <c>80 72 00 00 04</c>.
/// </summary>
internal static class EPurse
{
    /// <summary>The purse balance in fen (the purse's application selected).</summary>
    public static async Task<uint> ReadBalanceAsync(ICardChannel card, byte cla, string what, CancellationToken cancellationToken)
    {
        var balance = await CardCommand.SendAsync(card, PurseCommands.GetBalance(cla), what, cancellationToken);
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
        byte[] input = [.. init.Random, (byte)(init.OfflineCounter >> 8), (byte)init.OfflineCounter, .. Be32(amountFen), PurseCommands.PurchaseType,
            .. dateTime, init.KeyVersion, init.AlgorithmId, .. cardData.Span];
        var answer = await CardCommand.SendAsync(psam, PurseCommands.ComputeMac1(p1, input), what, cancellationToken);
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
        if (await CardCommand.SendOrNullAsync(psam, PurseCommands.VerifyMac2(mac2), StatusWord.MacInvalid, what, cancellationToken) is null)
        {
            throw new PurseMacException("the PSAM refused the card's MAC2: the answer was altered or the card is not genuine", true);
        }
    }

    /// <summary>The transaction time as the purse commands carry it: 7 bytes BCD YYYYMMDDhhmmss.</summary>
    public static byte[] BcdDateTime(DateTime time)
    {
        var bytes = new byte[7];
        DataElement.EncodeDigits(time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), bytes);
        return bytes;
    }

    public static byte[] Be32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
