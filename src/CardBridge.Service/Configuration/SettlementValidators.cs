using System.ComponentModel.DataAnnotations;
using CardBridge.Journal;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Workflow;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Configuration;

/// <summary>Checks the journal's settings (section <c>Journal</c>); every message names the key at fault.</summary>
internal sealed class JournalOptionsValidator : IValidateOptions<JournalOptions>
{
    public ValidateOptionsResult Validate(string? name, JournalOptions options)
    {
        // The settlement layer's own check already names each key ("Journal:EncryptionKey must be …"): reworded to
        // the service's "Key: problem" form, one problem per line.
        var errors = options.Validate().Select(Reword).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Reword(string problem)
    {
        var space = problem.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? $"{problem[..space]}:{problem[space..].TrimEnd('.')}" : problem;
    }
}

/// <summary>Checks <see cref="JournalUploadOptions"/>.</summary>
internal sealed class JournalUploadOptionsValidator : IValidateOptions<JournalUploadOptions>
{
    public ValidateOptionsResult Validate(string? name, JournalUploadOptions options) =>
        options.UploadInterval < TimeSpan.FromSeconds(1) || options.UploadInterval > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail($"Journal:UploadInterval: {options.UploadInterval} must be between 1 second and 1 day")
            : ValidateOptionsResult.Success;
}

/// <summary>
/// Checks the centre's settings (section <c>Centre</c>) with the settlement layer's own rules (in simulator mode a
/// missing <c>Centre:ServiceUri</c> is the simulated centre's, filled in before this check).
/// </summary>
internal sealed class CentreOptionsValidator : IValidateOptions<CentreOptions>
{
    public ValidateOptionsResult Validate(string? name, CentreOptions options)
    {
        var errors = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                errors.Add($"Centre:{member}: {result.ErrorMessage}");
            }
        }
        if (options.ServiceUri is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Centre:ServiceUri: '{uri}' is not an absolute http or https URL");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <see cref="SettlementPolicy"/> (section <c>Settlement</c>): the terminal id, the offline caps and the card write time.</summary>
internal sealed class SettlementPolicyValidator : IValidateOptions<SettlementPolicy>
{
    public const string Section = "Settlement";
    public const int TerminalIdDigits = 12;

    public ValidateOptionsResult Validate(string? name, SettlementPolicy options)
    {
        var errors = new List<string>();
        if (options.TerminalId is not { Length: TerminalIdDigits } id || !id.All(char.IsAsciiDigit))
        {
            errors.Add($"Settlement:TerminalId: '{options.TerminalId}' is not a terminal number ({TerminalIdDigits} digits)");
        }
        foreach (var (key, value) in new[]
        {
            ("OfflineMaxPerTransactionFen", options.OfflineMaxPerTransactionFen),
            ("OfflineMaxPerCardPerDayFen", options.OfflineMaxPerCardPerDayFen),
            ("OfflineMaxTerminalPendingFen", options.OfflineMaxTerminalPendingFen),
        })
        {
            if (value <= 0)
            {
                errors.Add($"Settlement:{key}: {value} is not a positive number of fen");
            }
        }
        if (options.OfflineScenarios.Any(s => !Enum.IsDefined(s)))
        {
            errors.Add("Settlement:OfflineScenarios: only Outpatient and Pharmacy exist");
        }
        if (options.CardWriteTimeout < TimeSpan.FromSeconds(1) || options.CardWriteTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Settlement:CardWriteTimeout: {options.CardWriteTimeout} is not between 1 s and 5 min");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
