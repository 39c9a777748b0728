namespace CardBridge.Service.Hosting;

/// <summary>Registers a <see cref="HostedPart"/>.</summary>
internal static class HostedParts
{
    /// <summary>
    /// Registers one <typeparamref name="TPart"/> as itself, for what depends on it, and as a hosted service: it starts
    /// after the parts registered before it and stops before them.
    /// </summary>
    public static IServiceCollection AddHostedPart<TPart>(this IServiceCollection services)
        where TPart : HostedPart
    {
        services.AddSingleton<TPart>();
        return services.AddHostedService(sp => sp.GetRequiredService<TPart>());
    }
}
