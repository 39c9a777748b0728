using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>Transit codes for one holder, made locally by <see cref="SimTransitQrGenerator"/> as the holder's device would.</summary>
internal sealed class TransitCodeIssuer(SimTransitQrGenerator generator, string accountId) : ICodeIssuer
{
    public string TypeName => "transit";

    public Task<string> IssueAsync(ScannerCodeVariant variant, CancellationToken cancellationToken)
    {
        var kind = variant switch
        {
            ScannerCodeVariant.Expired => SimTransitQrKind.Expired,
            ScannerCodeVariant.Tampered => SimTransitQrKind.TamperedIssuer,
            _ => SimTransitQrKind.Valid,
        };
        return Task.FromResult(generator.GenerateText(kind, accountId));
    }
}
