using CardBridge.Service.Configuration;

namespace CardBridge.Service.Standard;

/// <summary>Registers the standard reader-terminal interface (section <c>StandardInterface</c>, its HSM steps).</summary>
internal static class StandardInterfaceSetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<StandardInterfaceOptions, StandardInterfaceOptionsValidator>(StandardInterfaceOptions.Section);
        builder.Services.AddSingleton<HsmStepBook>();
    }

    public static void Map(WebApplication app) => app.MapGrpcService<StandardInterfaceApi>();
}
