using System.Runtime.CompilerServices;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardBridge.Crypto;

/// <summary>
/// One block cipher in ECB, CBC and CBC-MAC, with every length checked here once: the key against the cipher's key
/// lengths, the IV against its block size, ECB and CBC data against whole blocks. A failed check is an
/// <see cref="ArgumentException"/> naming the caller's argument.
/// </summary>
/// <param name="newEngine">Makes a fresh engine for each operation (an engine holds the key it was initialised with).</param>
/// <param name="blockSize">The engine's block size in bytes.</param>
/// <param name="keyLengths">The key lengths the engine takes, in bytes.</param>
internal sealed class BlockCipher(Func<IBlockCipher> newEngine, int blockSize, params int[] keyLengths)
{
    /// <summary>Encrypts or decrypts <paramref name="data"/> (whole blocks) block by block.</summary>
    public byte[] Ecb(bool encrypt, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data,
        [CallerArgumentExpression(nameof(key))] string keyName = "")
    {
        RequireKey(key, keyName);
        var cipher = Keyed(encrypt, key, data);
        var output = new byte[data.Length];
        for (var offset = 0; offset < data.Length; offset += blockSize)
        {
            cipher.ProcessBlock(data.Slice(offset, blockSize), output.AsSpan(offset, blockSize));
        }
        return output;
    }

    /// <summary>CBC-encrypts or -decrypts <paramref name="data"/> (whole blocks) from <paramref name="iv"/>; no padding added or removed.</summary>
    public byte[] Cbc(bool encrypt, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data,
        [CallerArgumentExpression(nameof(key))] string keyName = "", [CallerArgumentExpression(nameof(iv))] string ivName = "")
    {
        RequireKey(key, keyName);
        Lengths.Require(iv, blockSize, ivName);
        return encrypt ? CbcEncrypt(key, iv, data) : CbcDecrypt(key, iv, data);
    }

    /// <summary>
    /// ISO/IEC 9797-1 MAC algorithm 1 with padding method 2: CBC from <paramref name="iv"/> over the data padded with
    /// <c>80 00…</c> (a whole block added when it is already aligned); the last cipher block is the MAC.
    /// </summary>
    public byte[] CbcMac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data,
        [CallerArgumentExpression(nameof(key))] string keyName = "", [CallerArgumentExpression(nameof(iv))] string ivName = "")
    {
        RequireKey(key, keyName);
        Lengths.Require(iv, blockSize, ivName);
        return CbcEncrypt(key, iv, CardCipher.Pad80(data, blockSize))[^blockSize..];
    }

    private byte[] CbcEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        var cipher = Keyed(true, key, data);
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

    private byte[] CbcDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        var cipher = Keyed(false, key, data);
        var output = new byte[data.Length];
        for (var offset = 0; offset < data.Length; offset += blockSize)
        {
            var block = output.AsSpan(offset, blockSize);
            cipher.ProcessBlock(data.Slice(offset, blockSize), block);
            Xor(block, offset == 0 ? iv : data.Slice(offset - blockSize, blockSize));
        }
        return output;
    }

    // A fresh engine keyed for the direction, once the data is known to be whole blocks.
    private IBlockCipher Keyed(bool encrypt, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        Lengths.RequireBlocks(data, blockSize, nameof(data));
        var cipher = newEngine();
        cipher.Init(encrypt, new KeyParameter(key));
        return cipher;
    }

    private void RequireKey(ReadOnlySpan<byte> key, string keyName)
    {
        if (Array.IndexOf(keyLengths, key.Length) < 0)
        {
            throw new ArgumentException($"{keyName} must be {string.Join(" or ", keyLengths)} bytes, got {key.Length}", keyName);
        }
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= other[i];
        }
    }
}
