namespace CardBridge.Simulation.FileSystem;

/// <summary>
/// A DF (the MF included): selectable by file id and, for applications, by its AID (DF name). Its FCI is
/// <c>6F { 84 AID-or-FID, A5 { proprietary } }</c>, the proprietary template given by the card's layout.
/// </summary>
internal sealed class DedicatedFile : CardFile
{
    private readonly List<CardFile> _children = [];

    public DedicatedFile(ushort? fileId, ReadOnlyMemory<byte> aid, ReadOnlyMemory<byte> proprietary = default)
        : base(fileId)
    {
        Aid = aid;
        Proprietary = proprietary;
    }

    /// <summary>The DF name (AID); empty when the DF has none.</summary>
    public ReadOnlyMemory<byte> Aid { get; }

    /// <summary>Content of the FCI proprietary template A5; empty for none.</summary>
    public ReadOnlyMemory<byte> Proprietary { get; }

    public IReadOnlyList<CardFile> Children => _children;

    /// <summary>Adds <paramref name="file"/>, replacing a child with the same file id or AID.</summary>
    public T Add<T>(T file) where T : CardFile
    {
        ArgumentNullException.ThrowIfNull(file);
        _children.RemoveAll(existing => SameIdentity(existing, file));
        file.Parent = this;
        _children.Add(file);
        return file;
    }

    /// <summary>True when this DF is <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsWithin(DedicatedFile ancestor)
    {
        for (DedicatedFile? df = this; df is not null; df = df.Parent)
        {
            if (ReferenceEquals(df, ancestor))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>This DF and every DF below it, depth first.</summary>
    public IEnumerable<DedicatedFile> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in _children.OfType<DedicatedFile>())
        {
            foreach (var df in child.SelfAndDescendants())
            {
                yield return df;
            }
        }
    }

    /// <summary>The EF with short file id <paramref name="sfi"/> in this DF, or null.</summary>
    public ElementaryFile? FindBySfi(byte sfi) =>
        _children.OfType<ElementaryFile>().FirstOrDefault(ef => ef.Sfi == sfi);

    /// <summary>The child with file id <paramref name="fileId"/>, or null.</summary>
    public CardFile? FindChild(ushort fileId) => _children.FirstOrDefault(f => f.FileId == fileId);

    /// <summary>The FCI returned by SELECT with P2 = 00.</summary>
    public byte[] Fci()
    {
        var name = Aid.IsEmpty
            ? Tlv(0x83, [(byte)(FileId.GetValueOrDefault() >> 8), (byte)FileId.GetValueOrDefault()])
            : Tlv(0x84, Aid.Span);
        var body = Proprietary.IsEmpty ? name : [.. name, .. Tlv(0xA5, Proprietary.Span)];
        return Tlv(0x6F, body);
    }

    private static bool SameIdentity(CardFile a, CardFile b) =>
        (a.FileId is { } id && id == b.FileId)
        || (a is DedicatedFile da && b is DedicatedFile db && !da.Aid.IsEmpty && da.Aid.Span.SequenceEqual(db.Aid.Span));

    private static byte[] Tlv(byte tag, ReadOnlySpan<byte> value) => [tag, (byte)value.Length, .. value];
}
