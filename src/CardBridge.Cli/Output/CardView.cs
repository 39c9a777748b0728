using System.Globalization;
using CardBridge.Api.V1;
using Spectre.Console;
using static CardBridge.Cli.Output.FieldTable;

namespace CardBridge.Cli.Output;

/// <summary>The card's bank account and its own medical records, as the service sent them.</summary>
internal static class CardView
{
    public static FieldTable Bank(ReadBankAccountResponse response)
    {
        var rows = new FieldTable();
        rows.Add("session id", response.SessionId);
        if (response.Account is { } account)
        {
            rows.Add(account.PanRevealed ? "pan" : "pan (masked)", account.Pan);
            rows.Add("expiry date", Date(account.ExpiryDate));
            rows.Add("expired", account.Expired ? "yes" : "no");
        }
        return rows;
    }

    public static FieldTable Medical(MedicalRecordsOnCard records)
    {
        var rows = new FieldTable();
        rows.Add("insurance type", records.InsuranceType);
        rows.Add("usage mode", Named(records.UsageMode));
        rows.Add("pin verified", records.PinVerified ? "yes" : "no");
        if (records.Offline is { } offline)
        {
            rows.Add("offline allowed", offline.Allowed ? "yes" : "no");
            rows.Add("offline amount", Fen.Yuan(offline.CumulativeAmountFen));
            rows.Add("offline count", offline.Count.ToString(CultureInfo.InvariantCulture));
            rows.Add("offline log", Named(records.OfflineLog));
        }
        return rows;
    }

    public static Table Transactions(MedicalRecordsOnCard records)
    {
        var table = new Table().AddColumn("seq").AddColumn("type").AddColumn("terminal").AddColumn("time")
            .AddColumn("account").AddColumn("self-pay").AddColumn("pooled");
        foreach (var t in records.Transactions)
        {
            table.AddRow(
                new Text(t.Sequence.ToString(CultureInfo.InvariantCulture)), new Text(Named(t.Type) ?? ""), new Text(t.TerminalId),
                new Text(Instant(t.Time) ?? ""), new Text(Fen.Amount(t.AccountFen)), new Text(Fen.Amount(t.SelfPayFen)), new Text(Fen.Amount(t.PooledFen)));
        }
        return table;
    }
}
