using System.Globalization;
using CardBridge.Api.V1;
using static CardBridge.Cli.Output.FieldTable;

namespace CardBridge.Cli.Output;

/// <summary>
/// A verified QR code credential as a two-column table, like <see cref="IdentityView"/>: only the fields the service
/// sent (the caller's scopes decide which), never a row for a gap.
/// </summary>
internal static class CodeView
{
    public static FieldTable Fields(CodeCredential code)
    {
        var rows = new FieldTable();
        rows.Add("credential id", code.CredentialId);
        rows.Add("kind", CodeKindNames.Display(code.Kind));
        rows.Add("scanner", code.Scanner);
        rows.Add("scanned at", Instant(code.ScannedAt));
        rows.Add("valid until", Instant(code.ValidUntil));
        if (code.Holder is { } holder)
        {
            IdentityView.AddHolder(rows, holder);
        }
        rows.Add("card number (masked)", code.CardNumberMasked);
        rows.Add("card number", code.HasCardNumber ? code.CardNumber : null);
        rows.Add("insurance org", code.InsuranceOrg);
        if (code.Transit is { } transit)
        {
            rows.Add("transit account (masked)", transit.AccountMasked);
            rows.Add("transit account", transit.HasAccount ? transit.Account : null);
            rows.Add("issuer", transit.IssuerId.ToString(CultureInfo.InvariantCulture));
            rows.Add("interoperable", transit.Interoperable ? "yes" : "no (local code)");
            rows.Add("per-trip limit", Fen.Yuan(transit.PerTripLimitFen));
            rows.Add("generated at", Instant(transit.GeneratedAt));
            rows.Add("expires at", Instant(transit.ExpiresAt));
        }
        return rows;
    }
}
