using System.Globalization;

namespace CardBridge.Terminal.Hsm;

/// <summary>The HSM platform answered, refusing the card (no keys for its algorithm or issuer): its final word, not a fault.</summary>
/// <param name="code">The platform's non-zero code.</param>
/// <param name="platformMessage">The platform's message.</param>
internal sealed class HsmRefusedException(int code, string platformMessage)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"the HSM refused the card (code {code}: {platformMessage})"))
{
    public int Code { get; } = code;
}
