using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr.Transit;

/// <summary>Configuration of offline transit code verification (section <c>Qr:Transit</c>).</summary>
public sealed class TransitQrOptions
{
    /// <summary>
    /// The root CA public keys the terminal trusts, by the root key index a code names: SM2 public keys in hex,
    /// compressed (33 bytes) or uncompressed (65 bytes). A code naming an index not listed is refused as unknown issuer.
    /// </summary>
    [Required]
    [MinLength(1)]
    public IDictionary<byte, string> RootPublicKeys { get; init; } = new Dictionary<byte, string>();

    /// <summary>
    /// Issuer ids accepted; empty accepts every issuer a trusted root has certified. A certified issuer not listed
    /// is refused as unknown issuer.
    /// </summary>
    public ISet<uint> AcceptedIssuers { get; init; } = new HashSet<uint>();

    /// <summary>How far the terminal's clock may be from the holder device's; widens each validity window at both ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkewTolerance { get; init; } = TimeSpan.FromSeconds(30);
}
