namespace CardBridge.Crypto;

/// <summary>Argument length checks shared by the ciphers; every failure is an <see cref="ArgumentException"/>.</summary>
internal static class Lengths
{
    public static void Require(ReadOnlySpan<byte> value, int expected, string parameterName)
    {
        if (value.Length != expected)
        {
            throw new ArgumentException($"{parameterName} must be {expected} bytes, got {value.Length}", parameterName);
        }
    }

    public static void RequireBlocks(ReadOnlySpan<byte> data, int blockSize, string parameterName)
    {
        if (data.Length % blockSize != 0)
        {
            throw new ArgumentException(
                $"{parameterName} must be a multiple of {blockSize} bytes, got {data.Length}", parameterName);
        }
    }
}
