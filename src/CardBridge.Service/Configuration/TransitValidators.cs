using CardBridge.Transit;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Configuration;

/// <summary>
/// Checks <see cref="TransitOptions"/> with the transit layer's own rules — only when transit is configured
/// (<c>Transit:ListsPath</c> set, or simulator mode, which fills in its own lists): a terminal that is no gate needs none.
/// </summary>
internal sealed class TransitOptionsValidator : IValidateOptions<TransitOptions>
{
    public const string Section = "Transit";

    public ValidateOptionsResult Validate(string? name, TransitOptions options) =>
        !IsEnabled(options) || options.Validate() is not { Count: > 0 } problems
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(Reword));

    public static bool IsEnabled(TransitOptions options) => !string.IsNullOrWhiteSpace(options.ListsPath);

    // "Transit:ListKey must be …" → "Transit:ListKey: must be …", the service's "Key: problem" form.
    private static string Reword(string problem)
    {
        var space = problem.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && problem[..space].Contains(':', StringComparison.Ordinal) && !problem[..space].EndsWith(':')
            ? $"{problem[..space]}:{problem[space..].TrimEnd('.')}"
            : problem.TrimEnd('.');
    }
}

/// <summary>Checks the gates of gate mode: ids, lines and stops well formed, each with a reader or a scanner, ids unique.</summary>
internal sealed class GateModeOptionsValidator(IOptions<TransitOptions> transit) : IValidateOptions<GateModeOptions>
{
    public ValidateOptionsResult Validate(string? name, GateModeOptions options)
    {
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (options.Gates.Count > 0 && !TransitOptionsValidator.IsEnabled(transit.Value))
        {
            errors.Add("Transit:Gates: gates need the transit settings (Transit:ListsPath, ListKey, PendingPurchasesPath)");
        }
        for (var i = 0; i < options.Gates.Count; i++)
        {
            var gate = options.Gates[i];
            var key = $"Transit:Gates:{i}";
            if (!TransitIds.IsGateId(gate.Id))
            {
                errors.Add($"{key}:Id: '{gate.Id}' is not 1 to 32 letters, digits, '-' or '_'");
            }
            else if (!ids.Add(gate.Id))
            {
                errors.Add($"{key}:Id: '{gate.Id}' names another gate too");
            }
            if (!TransitIds.IsLine(gate.Line))
            {
                errors.Add($"{key}:Line: 1 to 32 printable characters");
            }
            if (!TransitIds.IsStop(gate.Stop))
            {
                errors.Add($"{key}:Stop: 1 to 64 printable characters");
            }
            if (string.IsNullOrWhiteSpace(gate.Reader) && string.IsNullOrWhiteSpace(gate.Scanner))
            {
                errors.Add($"{key}: a gate needs a Reader or a Scanner");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The shapes of gate ids, lines and stops, for configuration and requests alike.</summary>
internal static class TransitIds
{
    public static bool IsGateId(string? value) =>
        value is { Length: >= 1 and <= 32 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool IsLine(string? value) => IsPrintable(value, 32);

    public static bool IsStop(string? value) => IsPrintable(value, 64);

    private static bool IsPrintable(string? value, int max) =>
        value is { Length: >= 1 } && value.Length <= max && !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsControl);
}
