using CardBridge.Service.Configuration;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ErrorInfo = Google.Rpc.ErrorInfo;
using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Writers;
using Swashbuckle.AspNetCore.Swagger;

namespace CardBridge.Service.Web;

/// <summary>
/// Registers and maps the web face (DESIGN §12) from the same service classes as gRPC: the web listener
/// (<c>Listeners:Web</c>), the origin list (section <c>Web</c>), gRPC-Web for every service, the JSON routes of the
/// protos' <c>google.api.http</c> rules and their OpenAPI document at <c>/openapi.json</c>.
/// </summary>
internal static partial class WebSetup
{
    private const string DocumentName = "v1";

    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<ListenerOptions>, WebListenerOptionsValidator>();
        builder.AddValidatedOptions<WebOptions, WebOptionsValidator>(WebOptions.Section);
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<WebHostNames>();
        services.AddSingleton<JsonBodyCheck>();
        services.AddSingleton<WebGuard>();
        services.AddSingleton<WebEndpoint>();
        // Error bodies carry the google.rpc.ErrorInfo of the status, which JSON can only name through the registry.
        services.AddGrpc().AddJsonTranscoding(o => o.TypeRegistry = TypeRegistry.FromMessages(ErrorInfo.Descriptor));
        services.AddGrpcSwagger();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "CardBridge",
                Version = DocumentName,
                Description = "The JSON face of the CardBridge gRPC contract (protos/cardbridge/v1). Errors answer with the HTTP status "
                    + "of their gRPC code and a google.rpc.Status body whose ErrorInfo reason is one of cardbridge.v1.ErrorReason.",
            });
            // The contract's comments, compiled into the API assembly's documentation file.
            var comments = Path.Combine(AppContext.BaseDirectory, "CardBridge.Api.xml");
            if (File.Exists(comments))
            {
                o.IncludeGrpcXmlComments(comments, includeControllerXmlComments: true);
            }
        });
        var web = builder.Configuration.GetSection(ListenerOptions.Section).Get<ListenerOptions>()?.Web ?? new WebListenerOptions();
        builder.WebHost.ConfigureKestrel(kestrel => WebListener.Listen(kestrel, web, kestrel.ApplicationServices.GetRequiredService<WebEndpoint>()));
    }

    public static void Map(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILogger<WebEndpoint>>();
            var origins = app.Services.GetRequiredService<IOptions<WebOptions>>().Value.Origins.Count;
            if (app.Services.GetRequiredService<WebEndpoint>().Address is { } address)
            {
                LogListening(logger, address, origins);
            }
        });
        // Resolved per request, not now: its options are validated when the host starts, not while it is built.
        app.Use((http, next) => http.RequestServices.GetRequiredService<WebGuard>().InvokeAsync(http, () => next(http)));
        // After the guard: only requests it let through are translated to gRPC.
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.MapGet(WebListener.OpenApiPath, (HttpRequest request, ISwaggerProvider swagger) =>
            Results.Text(OpenApiJson(swagger.GetSwagger(DocumentName, $"{request.Scheme}://{request.Host}")), "application/json; charset=utf-8"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web face (gRPC-Web, JSON, /openapi.json) listening on {Address}; {Origins} origin(s) listed in Web:Origins")]
    private static partial void LogListening(ILogger logger, Uri address, int origins);

    private static string OpenApiJson(OpenApiDocument document)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV3(new OpenApiJsonWriter(text));
        return text.ToString();
    }
}
