using CardBridge.Service.Security;
using CardBridge.Service.Transit;

namespace CardBridge.Service.Api;

/// <summary>Registers and maps the gRPC face: the services, their mappers, access checks, health and reflection.</summary>
internal static class ApiSetup
{
    /// <summary>The largest request the service reads; every real request is far smaller.</summary>
    public const int MaxRequestBytes = 16 * 1024;

    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IdentityMapper>();
        services.AddSingleton<CodeMapper>();
        services.AddSingleton<SettlementSubjects>();
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<AccessInterceptor>();
            o.MaxReceiveMessageSize = MaxRequestBytes;
            o.EnableDetailedErrors = false;
        });
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
    }

    public static void Map(WebApplication app)
    {
        app.MapGrpcService<ReaderApi>();
        app.MapGrpcService<IdentityApi>();
        app.MapGrpcService<CardApi>();
        app.MapGrpcService<JournalApi>();
        app.MapGrpcService<SettlementApi>();
        app.MapGrpcService<HospitalApi>();
        app.MapGrpcService<TransitApi>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
    }
}
