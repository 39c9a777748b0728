using Microsoft.Extensions.Options;

namespace CardBridge.Service.Configuration;

/// <summary>How every section is registered: bound from configuration and checked when the host starts.</summary>
internal static class ValidatedOptions
{
    /// <summary>
    /// Binds <paramref name="section"/> to <typeparamref name="TOptions"/>, checked by <typeparamref name="TValidator"/>
    /// when the host starts: a fault stops the start (exit code 2) with a message naming its key.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this WebApplicationBuilder builder, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
    }
}
