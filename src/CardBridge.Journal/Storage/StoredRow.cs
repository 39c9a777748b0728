using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Storage;

/// <summary>One row of the entries table as stored, with the canonical byte forms its seals cover.</summary>
internal sealed record StoredRow(
    long Sequence,
    Guid Id,
    long CreatedAtMs,
    string TerminalId,
    string Kind,
    PaymentSplit Amounts,
    byte[] LineItemHash,
    byte[] CardTac,
    byte[] CardCounter,
    byte[] PersonalNonce,
    byte[] PersonalSealed,
    byte[] ContentMac,
    byte[] ChainMac,
    JournalState State,
    long? StateAtMs,
    string? CentreReference,
    string? RejectCode,
    string? RejectReason,
    byte[] StateMac,
    byte[]? ProofTac = null,
    byte[]? ProofCounter = null)
{
    internal const string Columns =
        "sequence, id, created_at_ms, terminal_id, kind, total_fen, account_fen, pooled_fen, self_pay_fen, " +
        "line_item_hash, card_tac, card_counter, personal_nonce, personal_sealed, content_mac, chain_mac, " +
        "state, state_at_ms, centre_reference, reject_code, reject_reason, state_mac, proof_tac, proof_counter";

    internal static StoredRow Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        Sql.Id(reader, 1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetString(4),
        new PaymentSplit(reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
        reader.GetFieldValue<byte[]>(9),
        reader.GetFieldValue<byte[]>(10),
        reader.GetFieldValue<byte[]>(11),
        reader.GetFieldValue<byte[]>(12),
        reader.GetFieldValue<byte[]>(13),
        reader.GetFieldValue<byte[]>(14),
        reader.GetFieldValue<byte[]>(15),
        (JournalState)reader.GetInt32(16),
        reader.IsDBNull(17) ? null : reader.GetInt64(17),
        reader.IsDBNull(18) ? null : reader.GetString(18),
        reader.IsDBNull(19) ? null : reader.GetString(19),
        reader.IsDBNull(20) ? null : reader.GetString(20),
        reader.GetFieldValue<byte[]>(21),
        reader.IsDBNull(22) ? null : reader.GetFieldValue<byte[]>(22),
        reader.IsDBNull(23) ? null : reader.GetFieldValue<byte[]>(23));

    /// <summary>Every immutable field, sequence included, in one unambiguous encoding (lengths before variable fields).</summary>
    internal byte[] ContentBytes() => ContentBytes(Sequence);

    /// <summary>The content as if it had been sealed at <paramref name="sequence"/>: used to find where moved content came from.</summary>
    internal byte[] ContentBytes(long sequence)
    {
        var bytes = new CanonicalBytes();
        bytes.Int64(sequence);
        bytes.Guid(Id);
        bytes.Int64(CreatedAtMs);
        bytes.Text(TerminalId);
        bytes.Text(Kind);
        bytes.Int64(Amounts.TotalFen);
        bytes.Int64(Amounts.AccountFen);
        bytes.Int64(Amounts.PooledFen);
        bytes.Int64(Amounts.SelfPayFen);
        bytes.Blob(LineItemHash);
        bytes.Blob(CardTac);
        bytes.Blob(CardCounter);
        bytes.Blob(PersonalNonce);
        bytes.Blob(PersonalSealed);
        return bytes.ToArray();
    }

    /// <summary>
    /// The mutable state, bound to the record by its sequence, UUID and chain seal; the card's proof (given after the
    /// record was committed) is part of it once present, so a record without one encodes as schema version 1 did.
    /// </summary>
    internal byte[] StateBytes()
    {
        var bytes = new CanonicalBytes();
        bytes.Int64(Sequence);
        bytes.Guid(Id);
        bytes.Blob(ChainMac);
        bytes.Int64((long)State);
        bytes.Int64(StateAtMs ?? -1);
        bytes.OptionalText(CentreReference);
        bytes.OptionalText(RejectCode);
        bytes.OptionalText(RejectReason);
        if (ProofTac is not null || ProofCounter is not null)
        {
            bytes.Blob(ProofTac ?? []);
            bytes.Blob(ProofCounter ?? []);
        }
        return bytes.ToArray();
    }

    internal JournalRecord ToRecord() => new(
        Sequence,
        Id,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs),
        TerminalId,
        new JournalKind(Kind),
        Amounts,
        LineItemHash,
        ProofTac ?? CardTac,
        ProofCounter ?? CardCounter,
        new JournalStatus(
            State,
            StateAtMs is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
            CentreReference,
            RejectCode,
            RejectReason));

    private sealed class CanonicalBytes
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public void Int64(long value)
        {
            Span<byte> buffer = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(buffer, value);
            _buffer.Write(buffer);
        }

        public void Guid(Guid value)
        {
            Span<byte> buffer = stackalloc byte[16];
            value.TryWriteBytes(buffer, bigEndian: true, out _);
            _buffer.Write(buffer);
        }

        public void Blob(ReadOnlySpan<byte> value)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
            _buffer.Write(length);
            _buffer.Write(value);
        }

        public void Text(string value) => Blob(Encoding.UTF8.GetBytes(value));

        public void OptionalText(string? value)
        {
            _buffer.Write([value is null ? (byte)0 : (byte)1]);
            if (value is not null)
            {
                Text(value);
            }
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }
}
