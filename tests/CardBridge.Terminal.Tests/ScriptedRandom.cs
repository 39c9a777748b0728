using System.Security.Cryptography;

namespace CardBridge.Terminal.Tests;

/// <summary>Randomness that gives the listed byte strings, one per draw; a draw of another length or one too many is a violation.</summary>
internal sealed class ScriptedRandom(Queue<byte[]> draws) : RandomNumberGenerator
{
    private string? _violation;

    public override void GetBytes(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        GetBytes(data.AsSpan());
    }

    public override void GetBytes(Span<byte> data)
    {
        if (!draws.TryDequeue(out var next) || next.Length != data.Length)
        {
            _violation ??= $"the terminal drew {data.Length} random bytes where the script lists {(next is null ? "none" : next.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
            throw new InvalidOperationException(_violation);
        }
        next.CopyTo(data);
    }

    public void AssertAllDrawn()
    {
        Assert.True(_violation is null, _violation);
        Assert.True(draws.Count == 0, $"the terminal drew {draws.Count} random(s) fewer than the script lists");
    }
}
