namespace CardBridge.Simulation.FileSystem;

/// <summary>An EF: data with a short file id and read/update access rules.</summary>
internal abstract class ElementaryFile : CardFile
{
    protected ElementaryFile(ushort? fileId, byte? sfi, AccessRule read, AccessRule update)
        : base(fileId)
    {
        Sfi = sfi;
        Read = read;
        Update = update;
    }

    /// <summary>Short file identifier (1–30) for implicit selection by READ/UPDATE.</summary>
    public byte? Sfi { get; }

    public AccessRule Read { get; }

    public AccessRule Update { get; }

    /// <summary>The file descriptor byte of the FCP (ISO/IEC 7816-4 table 12).</summary>
    public abstract byte Descriptor { get; }

    /// <summary>Size in bytes, for the FCP.</summary>
    public abstract int Size { get; }

    /// <summary>The FCP returned by SELECT with P2 = 00: <c>62 { 82 descriptor, 83 FID, 80 size }</c>.</summary>
    public byte[] Fcp()
    {
        var id = FileId.GetValueOrDefault();
        byte[] body = [0x82, 0x01, Descriptor, 0x83, 0x02, (byte)(id >> 8), (byte)id, 0x80, 0x02, (byte)(Size >> 8), (byte)Size];
        return [0x62, (byte)body.Length, .. body];
    }
}
