using System.Buffers.Binary;

namespace CardBridge.Cards.Purse;

/// <summary>
/// A purse's answer to INITIALIZE FOR PURCHASE (PBOC e-purse): balance4 ‖ offline counter2 ‖ overdraft3 ‖ key version ‖
/// algorithm ‖ random4.
/// </summary>
internal sealed record PurchaseInit(uint BalanceFen, ushort OfflineCounter, byte KeyVersion, byte AlgorithmId, byte[] Random)
{
    public const int Length = 15;

    /// <exception cref="CardDataException">The answer is not 15 bytes.</exception>
    public static PurchaseInit Parse(ReadOnlySpan<byte> answer) =>
        answer.Length == Length
            ? new PurchaseInit(BinaryPrimitives.ReadUInt32BigEndian(answer), BinaryPrimitives.ReadUInt16BigEndian(answer[4..]),
                answer[9], answer[10], answer[11..15].ToArray())
            : throw new CardDataException($"INITIALIZE FOR PURCHASE answered {answer.Length} bytes, expected {Length}");
}
