namespace CardBridge.Crypto;

/// <summary>
/// The symmetric algorithm of a card environment, as the SSSE FCI announces it in tag 86
/// (MOHRSS 社会保障卡规范; DESIGN §8). The numeric values are the tag's byte values.
/// </summary>
public enum CardAlgorithm : byte
{
    /// <summary>DES family: 2-key 3DES with 8-byte blocks (single DES when both key halves are equal).</summary>
    Des3 = 0x01,

    /// <summary>SSF33, a non-public national algorithm; recognised but not implemented here.</summary>
    Ssf33 = 0x02,

    /// <summary>SM4 (GB/T 32907) with 16-byte keys and 16-byte blocks.</summary>
    Sm4 = 0x03,
}
