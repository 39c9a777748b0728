using CardBridge.Service.Configuration;
using CardBridge.Service.Hosting;
using CardBridge.Transit;

namespace CardBridge.Service.Transit;

/// <summary>
/// Registers the fare gate: its options (section <c>Transit</c>, with the gates of gate mode), the
/// <see cref="TransitHost"/> and the <see cref="RiderListSync"/>.
/// </summary>
internal static class TransitSetup
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<TransitOptions, TransitOptionsValidator>(TransitOptionsValidator.Section);
        builder.AddValidatedOptions<GateModeOptions, GateModeOptionsValidator>(TransitOptionsValidator.Section);
        // After the desk, the QR host and the settlement layer: the gate writes rides into the journal.
        services.AddHostedPart<TransitHost>();
        // After the gate: it syncs the lists the gate opened.
        services.AddHostedPart<RiderListSync>();
    }
}
