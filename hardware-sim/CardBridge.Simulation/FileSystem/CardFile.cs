namespace CardBridge.Simulation.FileSystem;

/// <summary>A node of the card's file tree (ISO/IEC 7816-4 §5.3): a DF or an EF, with an optional 2-byte file id.</summary>
internal abstract class CardFile
{
    protected CardFile(ushort? fileId)
    {
        FileId = fileId;
    }

    /// <summary>The file identifier, if the file can be selected by one.</summary>
    public ushort? FileId { get; }

    /// <summary>The DF holding this file; null for the MF.</summary>
    public DedicatedFile? Parent { get; internal set; }
}
