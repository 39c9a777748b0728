using System.Globalization;
using CardBridge.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace CardBridge.Cli.Output;

/// <summary>
/// A card identity as a two-column table of the fields the service sent. A field the caller's scope left out
/// (an unset optional, an empty string, an unspecified enum, a missing timestamp) has no row: the table never
/// fills a gap.
/// </summary>
internal static class IdentityView
{
    public static IReadOnlyList<(string Field, string Value)> Rows(CardIdentity identity)
    {
        var rows = new List<(string, string)>();
        void Add(string field, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                rows.Add((field, value));
            }
        }

        Add("session id", identity.SessionId);
        Add("reader", identity.Reader);
        Add("read at", Instant(identity.ReadAt));
        if (identity.Card is { } card)
        {
            Add("card kind", Named(card.Kind));
            Add("spec version", card.SpecVersion);
            Add("region", card.Region);
            Add("card category", card.CardCategory);
            Add("issue date", Date(card.IssueDate));
            Add("expiry date", Date(card.ExpiryDate));
            Add("validity", Named(card.Validity));
            Add("card number (masked)", card.CardNumberMasked);
            Add("card number", card.HasCardNumber ? card.CardNumber : null);
            Add("card identification code", card.HasCardIdentificationCode ? card.CardIdentificationCode : null);
        }
        if (identity.Holder is { } holder)
        {
            Add("holder id", holder.HolderId);
            Add("name (masked)", holder.NameMasked);
            Add("name", holder.HasName ? holder.Name : null);
            Add("ssn", holder.HasSsn ? holder.Ssn : null);
            Add("sex", holder.HasSex ? Named(holder.Sex) : null);
            Add("ethnicity", holder.HasEthnicity ? holder.Ethnicity : null);
            Add("birthplace", holder.HasBirthplace ? holder.Birthplace : null);
            Add("birth date", Date(holder.BirthDate));
        }
        Add("holder unavailable", Named(identity.HolderUnavailable));
        Add("genuineness", Named(identity.Genuineness));
        return rows;
    }

    public static Table Table(CardIdentity identity)
    {
        var table = new Table().AddColumn("field").AddColumn("value");
        foreach (var (field, value) in Rows(identity))
        {
            table.AddRow(new Text(field), new Text(value));
        }
        return table;
    }

    // Zero is "unspecified" in every CardBridge enum: not a value the service asserted.
    private static string? Named<T>(T value) where T : struct, System.Enum =>
        Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0 ? null : value.ToString();

    private static string? Date(Timestamp? timestamp) =>
        timestamp?.ToDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Instant(Timestamp? timestamp) =>
        timestamp?.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
