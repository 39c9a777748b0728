using CardBridge.Service.Configuration;
using CardBridge.Service.Security;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Web;

/// <summary>
/// Checks <see cref="WebOptions"/>: each origin exact and written as a browser sends it, listed once, with known scopes
/// that <c>Security:LocalScopes</c> also grants. Every message names the key at fault.
/// </summary>
internal sealed class WebOptionsValidator(IOptions<SecurityOptions> security) : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        var errors = new List<string>();
        var local = LocalScopes();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Origins.Count; i++)
        {
            var origin = options.Origins[i];
            var key = $"{WebOptions.Section}:Origins:{i}";
            if (WebOrigin.Normalise(origin.Origin) is not { } normalised)
            {
                errors.Add($"{key}:Origin: '{origin.Origin}' is not an origin: write scheme://host[:port] exactly as a browser sends it (http or https, no path, no wildcard, no trailing '/')");
            }
            else if (!seen.Add(normalised))
            {
                errors.Add($"{key}:Origin: '{origin.Origin}' is listed twice");
            }
            for (var j = 0; j < origin.Scopes.Count; j++)
            {
                var scope = origin.Scopes[j];
                if (!Scopes.IsKnown(scope))
                {
                    errors.Add($"{key}:Scopes:{j}: unknown scope '{scope}' (known: {string.Join(", ", Scopes.All)})");
                }
                else if (local is not null && !local.Contains(scope))
                {
                    errors.Add($"{key}:Scopes:{j}: '{scope}' is not in Security:LocalScopes: any program on this machine can send this Origin header, so an origin may not get more than a local caller; grant it in Security:LocalScopes too, or have the page's application present an API key");
                }
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private HashSet<string>? LocalScopes()
    {
        try
        {
            return new HashSet<string>(security.Value.LocalScopes, StringComparer.Ordinal);
        }
        catch (OptionsValidationException)
        {
            return null; // the Security section's own validation names its faults
        }
    }
}
