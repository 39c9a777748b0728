using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr.Platform;

/// <summary>Where the verifying platforms are and how long a verification may take.</summary>
public sealed class PlatformQrOptions : IValidatableObject
{
    /// <summary>The e-voucher platform's <c>ec.query</c> endpoint; null when the terminal does not accept e-vouchers.</summary>
    public Uri? EVoucherUri { get; set; }

    /// <summary>The e-SSC platform adapter's endpoint; null when the terminal does not accept e-SSC codes.</summary>
    public Uri? SocialSecurityCardUri { get; set; }

    /// <summary>The time allowed for one verification, from sending to having read the whole answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest answer body accepted, in bytes.</summary>
    [Range(64, 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>The endpoint for a kind of code, or null when none is configured.</summary>
    public Uri? EndpointFor(PlatformQrCodeType type) => type switch
    {
        PlatformQrCodeType.EVoucher => EVoucherUri,
        PlatformQrCodeType.SocialSecurityCard => SocialSecurityCardUri,
        _ => null,
    };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EVoucherUri is null && SocialSecurityCardUri is null)
        {
            yield return new ValidationResult("At least one platform endpoint must be configured.",
                [nameof(EVoucherUri), nameof(SocialSecurityCardUri)]);
        }
        foreach (var (name, uri) in new[] { (nameof(EVoucherUri), EVoucherUri), (nameof(SocialSecurityCardUri), SocialSecurityCardUri) })
        {
            if (uri is not null && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                yield return new ValidationResult($"{name} must be an absolute http or https URL.", [name]);
            }
        }
    }
}
