using Microsoft.Extensions.Options;

namespace CardBridge.Service.Standard;

/// <summary>Checks <see cref="StandardInterfaceOptions"/> at start: the device number is a field of a <c>|</c>-separated line.</summary>
internal sealed class StandardInterfaceOptionsValidator : IValidateOptions<StandardInterfaceOptions>
{
    public ValidateOptionsResult Validate(string? name, StandardInterfaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var device = options.DeviceNumber;
        return device.Length <= StandardInterfaceOptions.MaxDeviceNumberLength && device.All(c => c is > ' ' and <= '~' and not '|')
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{StandardInterfaceOptions.Section}:DeviceNumber: at most {StandardInterfaceOptions.MaxDeviceNumberLength} printable ASCII characters, no spaces and no '|'");
    }
}
