using CardBridge.Simulation.Profiles;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Simulation;

/// <summary>Checks <see cref="SimulationOptions"/>.</summary>
internal sealed class SimulationOptionsValidator : IValidateOptions<SimulationOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulationOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (options.Readers.Count == 0)
        {
            errors.Add("Simulation:Readers: at least one reader is needed");
        }
        foreach (var reader in options.PinPadReaders.Where(r => !options.Readers.Contains(r, StringComparer.Ordinal)))
        {
            errors.Add($"Simulation:PinPadReaders: '{reader}' is not a simulated reader (Simulation:Readers)");
        }
        foreach (var (reader, profile) in options.InitialCards)
        {
            if (!options.Readers.Contains(reader, StringComparer.Ordinal))
            {
                errors.Add($"Simulation:InitialCards:{reader}: no such simulated reader (Simulation:Readers)");
            }
            if (!CardProfiles.Names.Contains(profile, StringComparer.Ordinal))
            {
                errors.Add($"Simulation:InitialCards:{reader}: unknown profile '{profile}' (known: {string.Join(", ", CardProfiles.Names)})");
            }
        }
        if (options.Psam && !CardProfiles.Names.Contains(options.PsamProfile, StringComparer.Ordinal))
        {
            errors.Add($"Simulation:PsamProfile: unknown profile '{options.PsamProfile}' (known: {string.Join(", ", CardProfiles.Names)})");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
