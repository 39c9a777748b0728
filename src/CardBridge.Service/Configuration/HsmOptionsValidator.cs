using System.ComponentModel.DataAnnotations;
using CardBridge.Terminal.Hsm;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Configuration;

/// <summary>Checks <see cref="HsmOptions"/> (section <c>Hsm</c>): its annotations, and that the certificate files it names exist.</summary>
internal sealed class HsmOptionsValidator : IValidateOptions<HsmOptions>
{
    public ValidateOptionsResult Validate(string? name, HsmOptions options)
    {
        var errors = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            errors.Add($"{HsmOptions.Section}:{string.Join(", ", result.MemberNames)}: {result.ErrorMessage}");
        }
        foreach (var (key, path) in new[]
        {
            (nameof(HsmOptions.ClientCertificatePath), options.ClientCertificatePath),
            (nameof(HsmOptions.ClientKeyPath), options.ClientKeyPath),
            (nameof(HsmOptions.ServerCaPath), options.ServerCaPath),
        })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                errors.Add($"{HsmOptions.Section}:{key}: file '{path}' not found");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
