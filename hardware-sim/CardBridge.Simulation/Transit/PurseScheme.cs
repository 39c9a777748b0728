using CardBridge.Crypto;

namespace CardBridge.Simulation.Transit;

/// <summary>
/// The PBOC electronic-purse purchase cryptography (JR/T 0025 e-purse, as JT/T 978 uses it), shared by the
/// simulated card and the simulated PSAM so both always agree:
/// <list type="bullet">
/// <item>DPK (purchase key) and DTK (TAC key) = the issuer master keys diversified once by the 8-byte application serial;</item>
/// <item>session key input = random4 ‖ offline counter2 ‖ the rightmost 2 bytes of the terminal sequence number.
/// 3DES: SESPK = 3DES-ECB(DPK, input), 8 bytes, and the MACs are single-DES CBC-MACs with a zero IV.
/// SM4 (this project's definition, no public spec): SESPK = SM4-ECB(DPK, input ‖ ~input), 16 bytes, SM4 CBC-MACs;</item>
/// <item>MAC1 over amount4 ‖ type ‖ terminal id6 ‖ date-time7, MAC2 over amount4, first 4 bytes each;</item>
/// <item>TAC over amount4 ‖ type ‖ terminal id6 ‖ terminal sequence4 ‖ date-time7 with DTK's left half XOR right half
/// (3DES) or DTK itself (SM4).</item>
/// </list>
/// </summary>
internal static class PurseScheme
{
    /// <summary>Transaction type of a purchase (消费), P2 of GET TRANSACTION PROVE.</summary>
    public const byte PurchaseType = 0x06;

    public const int MacLength = 4;

    /// <summary>Algorithm identifier the card reports in INITIALIZE FOR PURCHASE: 00 3DES, 04 SM4.</summary>
    public static byte AlgorithmId(CardAlgorithm algorithm) => algorithm switch
    {
        CardAlgorithm.Des3 => 0x00,
        CardAlgorithm.Sm4 => 0x04,
        _ => throw new CryptoNotSupportedException(algorithm),
    };

    public static CardAlgorithm? AlgorithmOf(byte id) => id switch
    {
        0x00 => CardAlgorithm.Des3,
        0x04 => CardAlgorithm.Sm4,
        _ => null,
    };

    public static byte[] CardKey(CardAlgorithm algorithm, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> applicationSerial) =>
        KeyDiversification.Diversify(algorithm, masterKey, applicationSerial);

    public static byte[] SessionKey(
        CardAlgorithm algorithm, ReadOnlySpan<byte> purchaseKey, ReadOnlySpan<byte> random4, ushort offlineCounter, uint terminalSequence)
    {
        Span<byte> input = [random4[0], random4[1], random4[2], random4[3],
            (byte)(offlineCounter >> 8), (byte)offlineCounter, (byte)(terminalSequence >> 8), (byte)terminalSequence];
        return algorithm == CardAlgorithm.Des3
            ? TripleDes.EncryptEcb(purchaseKey, input)
            : KeyDiversification.SessionKey(algorithm, purchaseKey, input);
    }

    public static byte[] Mac1(CardAlgorithm algorithm, ReadOnlySpan<byte> sessionKey, uint amountFen, ReadOnlySpan<byte> terminalId, ReadOnlySpan<byte> dateTime) =>
        Mac(algorithm, sessionKey, [.. Be32(amountFen), PurchaseType, .. terminalId, .. dateTime]);

    public static byte[] Mac2(CardAlgorithm algorithm, ReadOnlySpan<byte> sessionKey, uint amountFen) =>
        Mac(algorithm, sessionKey, Be32(amountFen));

    public static byte[] Tac(
        CardAlgorithm algorithm, ReadOnlySpan<byte> tacKey, uint amountFen, ReadOnlySpan<byte> terminalId,
        uint terminalSequence, ReadOnlySpan<byte> dateTime)
    {
        byte[] data = [.. Be32(amountFen), PurchaseType, .. terminalId, .. Be32(terminalSequence), .. dateTime];
        if (algorithm != CardAlgorithm.Des3)
        {
            return Mac(algorithm, tacKey, data);
        }
        Span<byte> key = stackalloc byte[Des.KeyLength];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(tacKey[i] ^ tacKey[i + Des.KeyLength]);
        }
        return Des.Mac(key, new byte[Des.BlockSize], data)[..MacLength];
    }

    public static byte[] Be32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static byte[] Mac(CardAlgorithm algorithm, ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> data) =>
        algorithm == CardAlgorithm.Des3
            ? Des.Mac(sessionKey, new byte[Des.BlockSize], data)[..MacLength]
            : Sm4.Mac(sessionKey, new byte[Sm4.BlockSize], data)[..MacLength];
}
