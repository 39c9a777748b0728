using System.Globalization;
using System.Text.Json;

namespace CardBridge.Journal.Export;

/// <summary>One record as one line of JSON (JSON Lines), bytes as upper-case hex, money as integer fen.</summary>
internal static class JournalExportLine
{
    public static void Write(Stream destination, JournalRecord record, PersonalFields? personal)
    {
        using (var writer = new Utf8JsonWriter(destination))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", record.Sequence);
            writer.WriteString("id", record.Id.ToString("D", CultureInfo.InvariantCulture));
            writer.WriteString("createdAt", record.CreatedAt);
            writer.WriteString("terminalId", record.TerminalId);
            writer.WriteString("kind", record.Kind.Value);
            writer.WriteStartObject("amounts");
            writer.WriteNumber("totalFen", record.Amounts.TotalFen);
            writer.WriteNumber("accountFen", record.Amounts.AccountFen);
            writer.WriteNumber("pooledFen", record.Amounts.PooledFen);
            writer.WriteNumber("selfPayFen", record.Amounts.SelfPayFen);
            writer.WriteEndObject();
            writer.WriteString("lineItemHash", Convert.ToHexString(record.LineItemHash.Span));
            writer.WriteString("cardTac", Convert.ToHexString(record.CardTac.Span));
            writer.WriteString("cardTransactionCounter", Convert.ToHexString(record.CardTransactionCounter.Span));
            writer.WriteString("state", StateName(record.Status.State));
            if (record.Status.ChangedAt is { } changedAt)
            {
                writer.WriteString("stateChangedAt", changedAt);
            }
            WriteOptional(writer, "centreReference", record.Status.CentreReference);
            WriteOptional(writer, "rejectCode", record.Status.RejectCode);
            WriteOptional(writer, "rejectReason", record.Status.RejectReason);
            writer.WriteBoolean("personalIntact", personal is not null);
            if (personal is null)
            {
                writer.WriteNull("personal");
            }
            else
            {
                writer.WriteStartObject("personal");
                WriteOptional(writer, "cardNumber", personal.CardNumber);
                WriteOptional(writer, "ssn", personal.Ssn);
                WriteOptional(writer, "name", personal.Name);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        destination.WriteByte((byte)'\n');
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string StateName(JournalState state) => state switch
    {
        JournalState.Pending => "pending",
        JournalState.Uploaded => "uploaded",
        JournalState.Rejected => "rejected",
        JournalState.AwaitingCard => "awaiting_card",
        JournalState.Voided => "voided",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
