using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardBridge.Crypto;

/// <summary>ECB, CBC and CBC-MAC over a raw block cipher; callers have already checked key and IV lengths.</summary>
internal static class BlockModes
{
    public static byte[] Ecb(IBlockCipher cipher, bool encrypt, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var blockSize = cipher.GetBlockSize();
        Lengths.RequireBlocks(data, blockSize, nameof(data));
        cipher.Init(encrypt, new KeyParameter(key));
        var output = new byte[data.Length];
        for (var offset = 0; offset < data.Length; offset += blockSize)
        {
            cipher.ProcessBlock(data.Slice(offset, blockSize), output.AsSpan(offset, blockSize));
        }
        return output;
    }

    public static byte[] CbcEncrypt(IBlockCipher cipher, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        var blockSize = cipher.GetBlockSize();
        Lengths.RequireBlocks(data, blockSize, nameof(data));
        cipher.Init(true, new KeyParameter(key));
        var output = new byte[data.Length];
        Span<byte> chain = stackalloc byte[blockSize];
        iv.CopyTo(chain);
        for (var offset = 0; offset < data.Length; offset += blockSize)
        {
            Xor(chain, data.Slice(offset, blockSize));
            var block = output.AsSpan(offset, blockSize);
            cipher.ProcessBlock(chain, block);
            block.CopyTo(chain);
        }
        return output;
    }

    public static byte[] CbcDecrypt(IBlockCipher cipher, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        var blockSize = cipher.GetBlockSize();
        Lengths.RequireBlocks(data, blockSize, nameof(data));
        cipher.Init(false, new KeyParameter(key));
        var output = new byte[data.Length];
        for (var offset = 0; offset < data.Length; offset += blockSize)
        {
            var block = output.AsSpan(offset, blockSize);
            cipher.ProcessBlock(data.Slice(offset, blockSize), block);
            Xor(block, offset == 0 ? iv : data.Slice(offset - blockSize, blockSize));
        }
        return output;
    }

    /// <summary>
    /// ISO/IEC 9797-1 MAC algorithm 1 with padding method 2: CBC over the padded data, the last cipher
    /// block is the MAC. Padding always adds a block when the data is already aligned.
    /// </summary>
    public static byte[] CbcMac(IBlockCipher cipher, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        var blockSize = cipher.GetBlockSize();
        var chained = CbcEncrypt(cipher, key, iv, CardCipher.Pad80(data, blockSize));
        return chained[^blockSize..];
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= other[i];
        }
    }
}
