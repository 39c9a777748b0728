using System.Collections;
using System.ComponentModel.DataAnnotations;
using CardBridge.Qr.Sources;
using CardBridge.Qr.Transit;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Configuration;

/// <summary>
/// Checks <see cref="QrOptions"/> with the QR layer's own annotations, down into nested settings (framing, reconnect),
/// plus what only the whole section knows: scanner names unique (also against the scanners the host plugs in, such as
/// the simulator's), root keys that are SM2 points, lifetimes in range. Every message names its key, e.g.
/// <c>Qr:Serial:0:BaudRate</c>.
/// </summary>
internal sealed class QrOptionsValidator(IEnumerable<IQrSource> pluggedIn) : IValidateOptions<QrOptions>
{
    public ValidateOptionsResult Validate(string? name, QrOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(pluggedIn.Select(s => s.Name), StringComparer.Ordinal);
        void Scanners<T>(string key, List<T> list, Func<T, string> nameOf) where T : class
        {
            for (var i = 0; i < list.Count; i++)
            {
                var itemKey = $"{QrOptions.Section}:{key}:{i}";
                Annotations(errors, itemKey, list[i]);
                var scannerName = nameOf(list[i]);
                if (!string.IsNullOrWhiteSpace(scannerName) && !names.Add(scannerName))
                {
                    errors.Add($"{itemKey}:Name: '{scannerName}' names another scanner too");
                }
            }
        }
        Scanners("Serial", options.Serial, s => s.Name);
        Scanners("Tcp", options.Tcp, s => s.Name);
        Scanners("KeyboardWedge", options.KeyboardWedge, s => s.Name);
        Annotations(errors, $"{QrOptions.Section}:Debounce", options.Debounce);
        Annotations(errors, $"{QrOptions.Section}:Replay", options.Replay);
        if (options.Platform is { } platform)
        {
            Annotations(errors, $"{QrOptions.Section}:Platform", platform);
        }
        if (!Enum.IsDefined(options.BusinessType))
        {
            errors.Add($"{QrOptions.Section}:BusinessType: '{options.BusinessType}' is not Registration, OutpatientSettlement, Dispensing or Pharmacy");
        }
        if (options.Transit is { } transit)
        {
            var before = errors.Count;
            Annotations(errors, $"{QrOptions.Section}:Transit", transit);
            if (errors.Count == before)
            {
                try
                {
                    _ = new TransitQrVerifier(transit, TimeProvider.System);
                }
                catch (ArgumentException e)
                {
                    errors.Add($"{QrOptions.Section}:Transit:RootPublicKeys: {e.Message.Split(" (Parameter", 2)[0]}");
                }
            }
        }
        if (options.CredentialLifetime < TimeSpan.FromSeconds(10) || options.CredentialLifetime > TimeSpan.FromDays(1))
        {
            errors.Add($"{QrOptions.Section}:CredentialLifetime: {options.CredentialLifetime} is not between 10 s and 1 day");
        }
        if (options.PresentedFor < TimeSpan.Zero || options.PresentedFor > options.CredentialLifetime)
        {
            errors.Add($"{QrOptions.Section}:PresentedFor: {options.PresentedFor} is not between 0 and Qr:CredentialLifetime");
        }
        if (options.MaxCredentials is < 1 or > 1_000_000)
        {
            errors.Add($"{QrOptions.Section}:MaxCredentials: {options.MaxCredentials} is not between 1 and 1000000");
        }
        if (options.MaxConcurrentVerifications is < 1 or > 64)
        {
            errors.Add($"{QrOptions.Section}:MaxConcurrentVerifications: {options.MaxConcurrentVerifications} is not between 1 and 64");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The data annotations of <paramref name="options"/> and of the settings objects nested in it.</summary>
    private static void Annotations(List<string> errors, string key, object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [""];
            foreach (var member in members)
            {
                errors.Add($"{key}{(member.Length > 0 ? ":" + member : "")}: {result.ErrorMessage}");
            }
        }
        foreach (var property in options.GetType().GetProperties())
        {
            var type = property.PropertyType;
            if (type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
                && type.Namespace?.StartsWith("CardBridge.", StringComparison.Ordinal) == true
                && property.GetValue(options) is { } nested)
            {
                Annotations(errors, $"{key}:{property.Name}", nested);
            }
        }
    }
}
