using CardBridge.Journal.Chain;
using CardBridge.Journal.Storage;

namespace CardBridge.Journal.Export;

/// <summary>
/// Writes every record as one JSON object per line, in sequence order, reading a page of rows at a time. A record
/// whose personal fields do not authenticate is still written, with <c>"personal": null</c>, so an export of a
/// tampered journal is complete.
/// </summary>
internal static class JournalExport
{
    private const int Page = 500;

    public static async Task WriteAsync(JournalFile file, JournalSeal seal, Stream destination, PersonalFieldExport personal, CancellationToken cancellationToken)
    {
        long from = 1;
        while (true)
        {
            var rows = await file.ReadAsync(connection => EntryRows.List(connection, null, from, Page), cancellationToken);
            foreach (var row in rows)
            {
                PersonalFields? fields;
                try
                {
                    fields = seal.OpenPersonal(row);
                }
                catch (JournalIntegrityException)
                {
                    fields = null;
                }
                JournalExportLine.Write(destination, row.ToRecord(), personal == PersonalFieldExport.Decrypted ? fields : fields?.Masked());
            }
            if (rows.Count < Page)
            {
                break;
            }
            from = rows[^1].Sequence + 1;
        }
        await destination.FlushAsync(cancellationToken);
    }
}
