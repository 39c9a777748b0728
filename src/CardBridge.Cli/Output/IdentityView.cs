using CardBridge.Api.V1;
using static CardBridge.Cli.Output.FieldTable;

namespace CardBridge.Cli.Output;

/// <summary>
/// A card identity as a two-column table of the fields the service sent. A field the caller's scope left out
/// (an unset optional, an empty string, an unspecified enum, a missing timestamp) has no row: the table never
/// fills a gap.
/// </summary>
internal static class IdentityView
{
    /// <summary>The holder rows a card identity and a code credential share.</summary>
    public static void AddHolder(FieldTable rows, HolderInfo holder)
    {
        rows.Add("holder id", holder.HolderId);
        rows.Add("name (masked)", holder.NameMasked);
        rows.Add("name", holder.HasName ? holder.Name : null);
        rows.Add("ssn", holder.HasSsn ? holder.Ssn : null);
        rows.Add("sex", holder.HasSex ? Named(holder.Sex) : null);
        rows.Add("ethnicity", holder.HasEthnicity ? holder.Ethnicity : null);
        rows.Add("birthplace", holder.HasBirthplace ? holder.Birthplace : null);
        rows.Add("birth date", Date(holder.BirthDate));
    }

    public static FieldTable Fields(CardIdentity identity)
    {
        var rows = new FieldTable();
        rows.Add("session id", identity.SessionId);
        rows.Add("reader", identity.Reader);
        rows.Add("read at", Instant(identity.ReadAt));
        if (identity.Card is { } card)
        {
            rows.Add("card kind", Named(card.Kind));
            rows.Add("spec version", card.SpecVersion);
            rows.Add("region", card.Region);
            rows.Add("card category", card.CardCategory);
            rows.Add("issue date", Date(card.IssueDate));
            rows.Add("expiry date", Date(card.ExpiryDate));
            rows.Add("validity", Named(card.Validity));
            rows.Add("card number (masked)", card.CardNumberMasked);
            rows.Add("card number", card.HasCardNumber ? card.CardNumber : null);
            rows.Add("card identification code", card.HasCardIdentificationCode ? card.CardIdentificationCode : null);
        }
        if (identity.Holder is { } holder)
        {
            AddHolder(rows, holder);
        }
        rows.Add("holder unavailable", Named(identity.HolderUnavailable));
        rows.Add("holder unavailable because", identity.HolderUnavailableDetail);
        rows.Add("genuineness", Named(identity.Genuineness));
        rows.Add("verified by", Named(identity.VerifiedBy));
        return rows;
    }
}
