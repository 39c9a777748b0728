using CardBridge.Cards.Authentication;
using CardBridge.Service.Api;

namespace CardBridge.Service.Standard;

/// <summary>
/// The HSM's answer as iReadCardBas_HSM_Step2 takes it (DESIGN §8): <c>internal-auth result ‖ data | external cryptogram ‖
/// data |</c> in hex, where each data part — the random and the challenge step 1 gave — may be left out.
/// </summary>
internal static class HsmKey
{
    private const string Field = "key";
    private const int MaxLength = 256;

    /// <summary>The HSM's answer to <paramref name="step"/>, or INVALID_REQUEST (field <c>key</c>).</summary>
    public static HsmStep2Response Parse(string key, HsmStep1Request step)
    {
        var parts = key.Length <= MaxLength ? key.Split('|') : [];
        if (parts.Length is not (2 or 3) || (parts.Length == 3 && parts[2].Length > 0))
        {
            throw RpcErrors.InvalidRequest(Field, "internal-auth result ‖ data | external cryptogram ‖ data |, in hex");
        }
        return new HsmStep2Response(Part(parts[0], step.InternalAuthData.Span), Part(parts[1], step.ExternalAuthInput.Span));
    }

    private static byte[] Part(string hex, ReadOnlySpan<byte> data)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            throw RpcErrors.InvalidRequest(Field, "each part is a non-empty even number of hex digits");
        }
        var bytes = Convert.FromHexString(hex);
        return bytes.Length > data.Length && bytes.AsSpan(bytes.Length - data.Length).SequenceEqual(data)
            ? bytes[..^data.Length]
            : bytes;
    }
}
