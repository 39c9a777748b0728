using CardBridge.Service.Configuration;
using CardBridge.Service.Security;
using CardBridge.Service.Transit;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Api;

/// <summary>
/// Registers and maps the gRPC face: the services, their mappers, access checks, message size limits (section
/// <c>Limits</c>, refused as the contract says by <see cref="OversizeRequests"/>), health and reflection.
/// </summary>
internal static class ApiSetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<LimitsOptions, LimitsOptionsValidator>(LimitsOptions.Section);
        services.AddSingleton<IdentityMapper>();
        services.AddSingleton<CodeMapper>();
        services.AddSingleton<SettlementSubjects>();
        services.AddSingleton<OversizeRequests>();
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<AccessInterceptor>();
            o.EnableDetailedErrors = false;
        });
        // grpc-dotnet's own receive limit is the same: a backstop behind OversizeRequests, which answers first.
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<LimitsOptions>>((grpc, limits) =>
        {
            grpc.MaxReceiveMessageSize = limits.Value.MaxRequestBytes;
            grpc.MaxSendMessageSize = limits.Value.MaxResponseBytes;
        });
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
    }

    /// <summary>
    /// Puts <see cref="TolerantServiceMethodProvider{TService}"/> in place of grpc-dotnet's own binder, which gives an
    /// unparsable body no way to the interceptor. Called after every other registration: each <c>AddGrpc</c> (health,
    /// JSON transcoding) registers grpc-dotnet's binder again, and two binders would map every method twice.
    /// </summary>
    public static void BindTolerantly(IServiceCollection services)
    {
        foreach (var binder in services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType?.Assembly == typeof(IServiceMethodProvider<>).Assembly).ToList())
        {
            services.Remove(binder);
        }
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(TolerantServiceMethodProvider<>));
    }

    public static void Map(WebApplication app)
    {
        // After gRPC-Web's translation (WebSetup), so that a gRPC-Web body is read as the frames it carries.
        app.Use((http, next) =>
        {
            http.RequestServices.GetRequiredService<OversizeRequests>().Guard(http);
            return next(http);
        });
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
