using System.Security.Cryptography;

namespace CardBridge.Simulation.Cards;

/// <summary>A <see cref="Random"/> drawing from the OS CSPRNG: the default source of card challenges.</summary>
internal sealed class CryptoRandom : Random
{
    public override void NextBytes(byte[] buffer) => RandomNumberGenerator.Fill(buffer);

    public override void NextBytes(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    public override int Next() => RandomNumberGenerator.GetInt32(int.MaxValue);

    public override int Next(int maxValue) => RandomNumberGenerator.GetInt32(maxValue);

    public override int Next(int minValue, int maxValue) => RandomNumberGenerator.GetInt32(minValue, maxValue);

    protected override double Sample() => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
}
