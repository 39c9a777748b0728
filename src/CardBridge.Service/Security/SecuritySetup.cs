using CardBridge.Service.Auditing;
using CardBridge.Service.Configuration;

namespace CardBridge.Service.Security;

/// <summary>
/// Registers who may call and what is kept of it: the options (sections <c>Security</c> and <c>Audit</c>), the
/// clients, the holder pseudonym, the audit log, the per-client limits and the interceptor every call passes.
/// </summary>
internal static class SecuritySetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<SecurityOptions, SecurityOptionsValidator>(SecurityOptions.Section);
        builder.AddValidatedOptions<AuditOptions, AuditOptionsValidator>(AuditOptions.Section);
        // Configuration can only override list entries, not remove them: an empty entry (`--Security:LocalScopes:0=`)
        // withdraws a scope a lower layer (appsettings.Simulation.json) granted.
        services.PostConfigure<SecurityOptions>(security => security.LocalScopes.RemoveAll(string.IsNullOrWhiteSpace));
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<HolderPseudonym>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<CallerLimits>();
        services.AddSingleton<CallerLogGate>();
        services.AddSingleton<RequestRefusal>();
        services.AddSingleton<AccessInterceptor>();
    }
}
