using CardBridge.Service.Configuration;
using CardBridge.Service.Hosting;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Credentials;

/// <summary>
/// Registers card-or-code credentials: the QR options (section <c>Qr</c>), the <see cref="PresentationDesk"/>, the
/// store of accepted codes and the <see cref="QrHost"/> with its scanners.
/// </summary>
internal static class CredentialSetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<QrOptions, QrOptionsValidator>(QrOptions.Section);
        // Started after the terminal (hosted services start in order): the desk follows its card events.
        services.AddHostedPart<PresentationDesk>();
        services.AddSingleton(sp => new CodeCredentialStore(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<QrOptions>>().Value.MaxCredentials));
        // The verifier times every call itself (Qr:Platform:CallTimeout); HttpClient's own 100 s must not cut in.
        services.AddHttpClient(QrHost.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedPart<QrHost>();
    }
}
