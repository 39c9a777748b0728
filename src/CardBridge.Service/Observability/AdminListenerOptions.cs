using System.Net;
using CardBridge.Service.Configuration;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Observability;

/// <summary>
/// The admin listener (<c>Listeners:Admin</c>): HTTP/1.1 for <c>/metrics</c> (Prometheus) and <c>/status</c> (a browser),
/// never gRPC. Off unless <see cref="Port"/> is set. Plaintext only on a loopback address; any other address needs
/// <see cref="CertificatePath"/> and <see cref="KeyPath"/>, so a key sent to it never crosses the network in clear.
/// </summary>
internal sealed class AdminListenerOptions
{
    /// <summary>The IP address to bind; 127.0.0.1 unless a certificate is configured.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port; -1 (the default) turns the listener off, 0 picks a free one (tests).</summary>
    public int Port { get; set; } = -1;

    /// <summary>The server certificate chain (PEM); with <see cref="KeyPath"/> it makes the listener HTTPS.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The server certificate's private key (PEM).</summary>
    public string? KeyPath { get; set; }

    public bool Enabled => Port != -1;

    public bool IsTls => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(KeyPath);
}

/// <summary>Checks <see cref="ListenerOptions.Admin"/>; every message names the configuration key at fault.</summary>
internal sealed class AdminListenerOptionsValidator : IValidateOptions<ListenerOptions>
{
    private const string Key = "Listeners:Admin";

    public ValidateOptionsResult Validate(string? name, ListenerOptions options)
    {
        var admin = options.Admin;
        if (!admin.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (admin.Port is < 0 or > 65535)
        {
            errors.Add($"{Key}:Port: {admin.Port} is not a port (0–65535, or -1 for off)");
        }
        if (!IPAddress.TryParse(admin.Address, out var address))
        {
            errors.Add($"{Key}:Address: '{admin.Address}' is not an IP address");
        }
        else if (!admin.IsTls && !IPAddress.IsLoopback(address))
        {
            errors.Add($"{Key}:Address: '{admin.Address}' is not loopback: the admin listener is plaintext there only; set {Key}:CertificatePath and {Key}:KeyPath to serve it on the network");
        }
        if (admin.IsTls)
        {
            RequireFile(errors, $"{Key}:CertificatePath", admin.CertificatePath);
            RequireFile(errors, $"{Key}:KeyPath", admin.KeyPath);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequireFile(List<string> errors, string key, string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            errors.Add($"{key}: no file at '{path}'");
        }
    }
}
