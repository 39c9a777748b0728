using System.Net;

namespace CardBridge.Service.Hosting;

/// <summary>
/// The rules every separate listener's settings (<c>Listeners:Admin</c>, <c>Listeners:Web</c>) follow: a port, an IP
/// address, plaintext on loopback only, and both PEM files when it has a certificate. Messages name the key at fault.
/// </summary>
internal static class SeparateListenerRules
{
    public static void Check(List<string> errors, string key, string name, string address, int port, bool isTls, string? certificatePath, string? keyPath)
    {
        if (port is < 0 or > 65535)
        {
            errors.Add($"{key}:Port: {port} is not a port (0–65535, or -1 for off)");
        }
        if (!IPAddress.TryParse(address, out var ip))
        {
            errors.Add($"{key}:Address: '{address}' is not an IP address");
        }
        else if (!isTls && !IPAddress.IsLoopback(ip))
        {
            errors.Add($"{key}:Address: '{address}' is not loopback: the {name} listener is plaintext there only; set {key}:CertificatePath and {key}:KeyPath to serve it on the network");
        }
        if (isTls)
        {
            RequireFile(errors, $"{key}:CertificatePath", certificatePath);
            RequireFile(errors, $"{key}:KeyPath", keyPath);
        }
    }

    /// <summary>The address to bind, or null when the settings are off or faulty (validation at start names the fault).</summary>
    public static IPAddress? Bindable(string address, int port, bool isTls, string? certificatePath, string? keyPath)
    {
        if (port is < 0 or > 65535 || !IPAddress.TryParse(address, out var ip))
        {
            return null;
        }
        return (isTls ? File.Exists(certificatePath) && File.Exists(keyPath) : IPAddress.IsLoopback(ip)) ? ip : null;
    }

    private static void RequireFile(List<string> errors, string key, string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            errors.Add($"{key}: no file at '{path}'");
        }
    }
}
