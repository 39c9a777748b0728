namespace CardBridge.Simulation.FileSystem;

/// <summary>
/// A record EF: linear (record n is the n-th written) or cyclic (record 1 is the most recent; the oldest is
/// overwritten once <see cref="Capacity"/> records exist; records are given oldest first). <see cref="TlvRecords"/> marks files whose records
/// are BER-TLV objects, the ones a corrupted-TLV fault mangles.
/// </summary>
internal sealed class RecordFile : ElementaryFile
{
    private readonly List<byte[]> _records;

    public RecordFile(
        ushort? fileId, byte? sfi, AccessRule read, AccessRule update, bool cyclic, bool tlvRecords,
        int capacity, IEnumerable<byte[]> records)
        : base(fileId, sfi, read, update)
    {
        ArgumentNullException.ThrowIfNull(records);
        Cyclic = cyclic;
        TlvRecords = tlvRecords;
        _records = [.. records];
        Capacity = Math.Max(capacity, _records.Count);
    }

    public bool Cyclic { get; }

    public bool TlvRecords { get; }

    public int Capacity { get; }

    public int Count => _records.Count;

    public override byte Descriptor => Cyclic ? (byte)0x06 : (byte)0x04;

    public override int Size => _records.Sum(r => r.Length);

    /// <summary>Record <paramref name="number"/> (1-based), or null when there is none.</summary>
    public byte[]? Record(int number)
    {
        if (number < 1 || number > _records.Count)
        {
            return null;
        }
        // Cyclic files number records from the newest (ISO/IEC 7816-4 §5.3.3.2).
        return Cyclic ? _records[^number] : _records[number - 1];
    }

    /// <summary>Replaces record <paramref name="number"/>; false when it does not exist.</summary>
    public bool Replace(int number, byte[] data)
    {
        if (number < 1 || number > _records.Count)
        {
            return false;
        }
        _records[Cyclic ? _records.Count - number : number - 1] = data;
        return true;
    }

    /// <summary>
    /// APPEND RECORD (ISO/IEC 7816-4 §11.4.6): adds <paramref name="data"/> as the newest record; a full cyclic
    /// file drops its oldest record, a full linear file refuses (false).
    /// </summary>
    public bool Append(byte[] data)
    {
        if (_records.Count == Capacity)
        {
            if (!Cyclic || Capacity == 0)
            {
                return false;
            }
            _records.RemoveAt(0);
        }
        _records.Add(data);
        return true;
    }
}
