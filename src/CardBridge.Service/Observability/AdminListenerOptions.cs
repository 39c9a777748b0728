using CardBridge.Service.Hosting;
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
        SeparateListenerRules.Check(errors, Key, "admin", admin.Address, admin.Port, admin.IsTls, admin.CertificatePath, admin.KeyPath);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
