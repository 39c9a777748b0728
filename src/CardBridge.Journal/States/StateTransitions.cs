using CardBridge.Journal.Chain;
using CardBridge.Journal.Storage;
using CardBridge.Journal.Writing;

namespace CardBridge.Journal.States;

/// <summary>
/// A record's life after its append (DESIGN §5): pending → uploaded or rejected on the centre's answer; awaiting its
/// card → pending with the card's proof, or voided. A change applies only to a record in the state it leaves, gets a
/// new state seal, and repeated with the same outcome answers the record unchanged; a final state never changes.
/// </summary>
internal sealed class StateTransitions(GroupCommitWriter writer, JournalSeal seal, TimeProvider time)
{
    public Task<JournalRecord> MarkUploadedAsync(long sequence, string centreReference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(centreReference);
        return ChangeAsync(
            sequence,
            JournalState.Pending,
            row => row.State == JournalState.Uploaded && row.CentreReference == centreReference,
            (row, atMs) => row with { State = JournalState.Uploaded, StateAtMs = atMs, CentreReference = centreReference },
            cancellationToken);
    }

    public Task<JournalRecord> MarkRejectedAsync(long sequence, string centreCode, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(centreCode);
        ArgumentNullException.ThrowIfNull(reason);
        return ChangeAsync(
            sequence,
            JournalState.Pending,
            row => row.State == JournalState.Rejected && row.RejectCode == centreCode && row.RejectReason == reason,
            (row, atMs) => row with { State = JournalState.Rejected, StateAtMs = atMs, RejectCode = centreCode, RejectReason = reason },
            cancellationToken);
    }

    public Task<JournalRecord> ConfirmCardWriteAsync(long sequence, ReadOnlyMemory<byte> tac, ReadOnlyMemory<byte> counter, CancellationToken cancellationToken)
    {
        var tacBytes = tac.ToArray();
        var counterBytes = counter.ToArray();
        return ChangeAsync(
            sequence,
            JournalState.AwaitingCard,
            row => row.State == JournalState.Pending && row.ProofTac is { } t && t.AsSpan().SequenceEqual(tacBytes)
                && row.ProofCounter is { } c && c.AsSpan().SequenceEqual(counterBytes),
            (row, atMs) => row with { State = JournalState.Pending, StateAtMs = atMs, ProofTac = tacBytes, ProofCounter = counterBytes },
            cancellationToken);
    }

    public Task<JournalRecord> VoidAsync(long sequence, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return ChangeAsync(
            sequence,
            JournalState.AwaitingCard,
            row => row.State == JournalState.Voided && row.RejectReason == reason,
            (row, atMs) => row with { State = JournalState.Voided, StateAtMs = atMs, RejectCode = "voided", RejectReason = reason },
            cancellationToken);
    }

    /// <summary>Every record left awaiting its card becomes pending without the card's proof; returns their sequences.</summary>
    public Task<IReadOnlyList<long>> ReleaseInterruptedAsync(CancellationToken cancellationToken) =>
        writer.WriteAsync(
            "release interrupted",
            (connection, transaction) =>
            {
                var rows = EntryRows.AwaitingCard(connection, transaction);
                var atMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                foreach (var row in rows)
                {
                    EntryRows.UpdateState(connection, transaction, seal.WithStateSeal(row with { State = JournalState.Pending, StateAtMs = atMs }), JournalState.AwaitingCard);
                }
                return (IReadOnlyList<long>)[.. rows.Select(r => r.Sequence)];
            },
            cancellationToken);

    private Task<JournalRecord> ChangeAsync(
        long sequence,
        JournalState from,
        Func<StoredRow, bool> alreadyDone,
        Func<StoredRow, long, StoredRow> change,
        CancellationToken cancellationToken) =>
        writer.WriteAsync(
            "state change",
            (connection, transaction) =>
            {
                var row = EntryRows.Read(connection, transaction, sequence) ?? throw new JournalRecordNotFoundException(sequence);
                if (alreadyDone(row))
                {
                    return row.ToRecord();
                }
                if (row.State != from)
                {
                    throw new JournalStateConflictException(sequence, row.State);
                }
                var changed = seal.WithStateSeal(change(row, time.GetUtcNow().ToUnixTimeMilliseconds()));
                EntryRows.UpdateState(connection, transaction, changed, from);
                return changed.ToRecord();
            },
            cancellationToken);
}
