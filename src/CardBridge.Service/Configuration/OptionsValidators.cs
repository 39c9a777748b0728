using System.Net;
using CardBridge.Service.Security;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Configuration;

/// <summary>Checks <see cref="ListenerOptions"/>; every message names the configuration key at fault.</summary>
internal sealed class ListenerOptionsValidator : IValidateOptions<ListenerOptions>
{
    public ValidateOptionsResult Validate(string? name, ListenerOptions options)
    {
        var errors = new List<string>();
        if (options.LoopbackPort is < -1 or > 65535)
        {
            errors.Add($"Listeners:LoopbackPort: {options.LoopbackPort} is not a port (0–65535, or -1 for off)");
        }
        for (var i = 0; i < options.Tls.Count; i++)
        {
            var tls = options.Tls[i];
            var key = $"Listeners:Tls:{i}";
            if (!IPAddress.TryParse(tls.Address, out _))
            {
                errors.Add($"{key}:Address: '{tls.Address}' is not an IP address");
            }
            if (tls.Port is < 0 or > 65535)
            {
                errors.Add($"{key}:Port: {tls.Port} is not a port");
            }
            RequireFile(errors, $"{key}:CertificatePath", tls.CertificatePath);
            RequireFile(errors, $"{key}:KeyPath", tls.KeyPath);
            if (tls.ClientCaPath is not null)
            {
                RequireFile(errors, $"{key}:ClientCaPath", tls.ClientCaPath);
            }
        }
        if (options.LoopbackPort == -1 && options.Tls.Count == 0)
        {
            errors.Add("Listeners: the loopback listener is off (LoopbackPort -1) and no Tls listener is configured");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequireFile(List<string> errors, string key, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{key}: required (a TLS listener needs it)");
        }
        else if (!File.Exists(path))
        {
            errors.Add($"{key}: file '{path}' not found");
        }
    }
}

/// <summary>Checks <see cref="SecurityOptions"/>.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public const int MinPseudonymKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PseudonymKey))
        {
            errors.Add($"Security:PseudonymKey: required (base64 of at least {MinPseudonymKeyBytes} random bytes; `cardbridge-service new-pseudonym-key` makes one)");
        }
        else
        {
            var buffer = new byte[options.PseudonymKey.Length];
            if (!Convert.TryFromBase64String(options.PseudonymKey, buffer, out var length) || length < MinPseudonymKeyBytes)
            {
                errors.Add($"Security:PseudonymKey: must be base64 of at least {MinPseudonymKeyBytes} bytes");
            }
        }
        CheckScopes(errors, "Security:LocalScopes", options.LocalScopes);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var key = $"Security:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.Id))
            {
                errors.Add($"{key}:Id: required");
            }
            else if (!ids.Add(client.Id))
            {
                errors.Add($"{key}:Id: '{client.Id}' is used by another client");
            }
            CheckScopes(errors, $"{key}:Scopes", client.Scopes);
            if (client.ApiKeyHashes.Count == 0 && client.CertificateThumbprints.Count == 0)
            {
                errors.Add($"{key}: has neither ApiKeyHashes nor CertificateThumbprints, so it can never authenticate");
            }
            for (var j = 0; j < client.ApiKeyHashes.Count; j++)
            {
                if (!ApiKeyHash.TryParse(client.ApiKeyHashes[j], out _))
                {
                    errors.Add($"{key}:ApiKeyHashes:{j}: not a hash made by `cardbridge-service hash-key` (sha256$salt$hash)");
                }
            }
            for (var j = 0; j < client.CertificateThumbprints.Count; j++)
            {
                if (client.CertificateThumbprints[j] is not { Length: 64 } thumbprint || !thumbprint.All(char.IsAsciiHexDigit))
                {
                    errors.Add($"{key}:CertificateThumbprints:{j}: not a SHA-256 thumbprint (64 hex digits)");
                }
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckScopes(List<string> errors, string key, List<string> scopes)
    {
        for (var i = 0; i < scopes.Count; i++)
        {
            if (!Scopes.IsKnown(scopes[i]))
            {
                errors.Add($"{key}:{i}: unknown scope '{scopes[i]}' (known: {string.Join(", ", Scopes.All)})");
            }
        }
    }
}

/// <summary>Checks <see cref="ReaderOptions"/>.</summary>
internal sealed class ReaderOptionsValidator : IValidateOptions<ReaderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReaderOptions options) =>
        options.PsamKeyIndex is < 1 or > 255
            ? ValidateOptionsResult.Fail($"Readers:PsamKeyIndex: {options.PsamKeyIndex} is not a key index (1–255)")
            : ValidateOptionsResult.Success;
}

/// <summary>Checks <see cref="AuditOptions"/>.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add("Audit:Path: required");
        }
        if (options.RetainedFiles < 1)
        {
            errors.Add($"Audit:RetainedFiles: {options.RetainedFiles} must be at least 1");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <see cref="LogOptions"/>; the log is set up while the host is built, so this runs then.</summary>
internal static class LogOptionsValidator
{
    public static IReadOnlyList<string> Check(LogOptions options)
    {
        var errors = new List<string>();
        if (options.RetainedFiles < 1)
        {
            errors.Add($"Logs:RetainedFiles: {options.RetainedFiles} must be at least 1");
        }
        if (!Enum.IsDefined(options.MinimumLevel))
        {
            errors.Add($"Logs:MinimumLevel: {(int)options.MinimumLevel} is not a level (Verbose, Debug, Information, Warning, Error, Fatal)");
        }
        foreach (var (category, level) in options.Levels)
        {
            if (!Enum.IsDefined(level))
            {
                errors.Add($"Logs:Levels:{category}: {(int)level} is not a level");
            }
        }
        return errors;
    }
}
