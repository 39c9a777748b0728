using Microsoft.Extensions.Options;

namespace CardBridge.Service.Configuration;

/// <summary>Checks <see cref="LimitsOptions"/>; every message names the configuration key at fault.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    // Below 1 KiB an ordinary request (a purpose, an idempotency key, a settlement's items) would not fit.
    private const int MinRequestBytes = 1024;
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var errors = new List<string>();
        Check(errors, nameof(options.MaxRequestBytes), options.MaxRequestBytes, MinRequestBytes, MaxMessageBytes);
        Check(errors, nameof(options.MaxResponseBytes), options.MaxResponseBytes, MinRequestBytes, MaxMessageBytes);
        Check(errors, nameof(options.StreamsPerClient), options.StreamsPerClient, 1, 10_000);
        Check(errors, nameof(options.PendingAwaitsPerClient), options.PendingAwaitsPerClient, 1, 10_000);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{LimitsOptions.Section}:{key}: {value} is outside {min}–{max}");
        }
    }
}
