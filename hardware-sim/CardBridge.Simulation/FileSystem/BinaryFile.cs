namespace CardBridge.Simulation.FileSystem;

/// <summary>A transparent EF, read with READ BINARY at an offset.</summary>
internal sealed class BinaryFile : ElementaryFile
{
    private readonly byte[] _content;

    public BinaryFile(ushort? fileId, byte? sfi, AccessRule read, AccessRule update, ReadOnlySpan<byte> content)
        : base(fileId, sfi, read, update)
    {
        _content = content.ToArray();
    }

    public override byte Descriptor => 0x01;

    public override int Size => _content.Length;

    public ReadOnlySpan<byte> Content => _content;

    /// <summary>Overwrites bytes at <paramref name="offset"/>; false when they would run past the end.</summary>
    public bool Write(int offset, ReadOnlySpan<byte> data)
    {
        if (offset < 0 || offset + data.Length > _content.Length)
        {
            return false;
        }
        data.CopyTo(_content.AsSpan(offset));
        return true;
    }
}
