using System.ComponentModel.DataAnnotations;

namespace CardBridge.Qr;

/// <summary>How the QR layer checks the options it is given: against their data annotations, once, when it takes them.</summary>
internal static class OptionsAnnotations
{
    /// <summary><paramref name="options"/>, once checked.</summary>
    /// <exception cref="ArgumentNullException">They are null.</exception>
    /// <exception cref="ValidationException">They are invalid.</exception>
    public static T Checked<T>(T options) where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}
