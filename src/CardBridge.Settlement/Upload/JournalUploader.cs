using System.Globalization;
using CardBridge.Journal;
using CardBridge.Settlement.Centre;
using Microsoft.Extensions.Logging;

namespace CardBridge.Settlement.Upload;

/// <summary>
/// Drains the offline journal to the centre (DESIGN §5): strictly in sequence order, each record keyed by its UUID
/// so a repeat is answered as a duplicate and never applied twice. A record leaves pending only on the centre's
/// answer — accepted or duplicate → uploaded, rejected → rejected with the centre's reason — and nothing is deleted.
/// An unreachable centre ends the round with the record still pending, so order is kept for the next round.
/// </summary>
public sealed partial class JournalUploader(OfflineJournal journal, ISettlementCentre centre, ILogger<JournalUploader> logger)
{
    /// <summary>Uploads pending records in order until none is left or the centre cannot be reached.</summary>
    /// <exception cref="JournalUnavailableException">The journal cannot be read or updated.</exception>
    public async Task<UploadRound> DrainAsync(CancellationToken cancellationToken)
    {
        var uploaded = 0;
        var rejected = 0;
        while (await journal.NextPendingInOrderAsync(cancellationToken) is { } record)
        {
            if (record.Status.State == JournalState.AwaitingCard)
            {
                // Its card is being written right now; everything after it waits, so the centre sees the order.
                return new UploadRound(uploaded, rejected, StoppedAt: record.Sequence);
            }
            var personal = await journal.ReadPersonalAsync(record.Sequence, cancellationToken);
            UploadAcknowledgement answer;
            try
            {
                answer = await centre.UploadOfflineRecordAsync(ToUpload(record, personal), cancellationToken);
            }
            catch (CentreRejectedException e)
            {
                await journal.MarkRejectedAsync(record.Sequence, e.InfCode.ToString(CultureInfo.InvariantCulture), e.ErrorMessage, cancellationToken);
                LogRejected(logger, record.Sequence, e.ErrorMessage);
                rejected++;
                continue;
            }
            catch (CentreUnavailableException e)
            {
                LogCentreUnavailable(logger, record.Sequence, e.Message);
                return new UploadRound(uploaded, rejected, StoppedAt: record.Sequence);
            }
            catch (CentreProtocolException e)
            {
                // The answer is unreadable, not a verdict: the record stays pending and is sent again (idempotent).
                LogCentreUnavailable(logger, record.Sequence, e.Message);
                return new UploadRound(uploaded, rejected, StoppedAt: record.Sequence);
            }
            if (answer.Status == UploadStatus.Rejected)
            {
                await journal.MarkRejectedAsync(record.Sequence, "rejected", answer.Reason ?? "", cancellationToken);
                LogRejected(logger, record.Sequence, answer.Reason ?? "");
                rejected++;
            }
            else
            {
                await journal.MarkUploadedAsync(record.Sequence, answer.RecordId.ToString("D"), cancellationToken);
                uploaded++;
            }
        }
        return new UploadRound(uploaded, rejected, StoppedAt: null);
    }

    private static OfflineRecordUpload ToUpload(JournalRecord record, PersonalFields personal) => new(
        record.Id,
        record.Sequence,
        record.TerminalId,
        PersonNo: "",
        personal.CardNumber ?? "",
        record.CreatedAt,
        record.Amounts,
        Convert.ToHexString(record.CardTac.Span),
        Convert.ToHexString(record.LineItemHash.Span),
        record.Kind.Value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal record {Sequence} rejected by the centre: {Reason}")]
    private static partial void LogRejected(ILogger logger, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload stopped at journal record {Sequence}, still pending: {Detail}")]
    private static partial void LogCentreUnavailable(ILogger logger, long sequence, string detail);
}
