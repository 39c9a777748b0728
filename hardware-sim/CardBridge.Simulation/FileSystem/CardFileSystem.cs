using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;

namespace CardBridge.Simulation.FileSystem;

/// <summary>
/// The file commands of ISO/IEC 7816-4 §11 over one file tree: SELECT (by DF name, by file id, EF under the
/// current DF), READ/UPDATE BINARY and READ/UPDATE RECORD (by SFI or the current EF), checked against each
/// file's access rules and the <see cref="SecurityState"/>.
/// </summary>
internal sealed class CardFileSystem
{
    private const ushort MasterFileId = 0x3F00;

    private ElementaryFile? _currentEf;

    public CardFileSystem(DedicatedFile masterFile)
    {
        MasterFile = masterFile;
        CurrentDf = masterFile;
    }

    public DedicatedFile MasterFile { get; }

    public DedicatedFile CurrentDf { get; private set; }

    public SecurityState Security { get; } = new();

    /// <summary>Back to the MF with no proofs (card reset).</summary>
    public void Reset()
    {
        CurrentDf = MasterFile;
        _currentEf = null;
        Security.Clear();
    }

    /// <summary>The DF with <paramref name="aid"/> anywhere in the tree, or null.</summary>
    public DedicatedFile? FindByAid(ReadOnlySpan<byte> aid)
    {
        foreach (var df in MasterFile.SelfAndDescendants())
        {
            if (!df.Aid.IsEmpty && df.Aid.Span.SequenceEqual(aid))
            {
                return df;
            }
        }
        return null;
    }

    /// <summary>SELECT <c>00 A4 P1 P2</c>: P1 04 DF name, 00 file id (3F00 = MF), 02 EF under the current DF; P2 00 FCI, 0C none.</summary>
    public CardAnswer Select(CommandApdu command)
    {
        if (command.P2 is not (0x00 or 0x0C))
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var data = command.Data.Span;
        CardFile? target;
        switch (command.P1)
        {
            case 0x04:
                if (data.Length is < 1 or > 16)
                {
                    return CardAnswer.Status(Sw.WrongLength);
                }
                target = FindByAid(data);
                break;
            case 0x00 when data.Length == 0:
                target = MasterFile;
                break;
            case 0x00 or 0x02:
                if (data.Length != 2)
                {
                    return CardAnswer.Status(Sw.WrongLength);
                }
                var fileId = (ushort)((data[0] << 8) | data[1]);
                target = command.P1 == 0x02
                    ? CurrentDf.FindChild(fileId) as ElementaryFile
                    : FindByFileId(fileId);
                break;
            default:
                return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (target is null)
        {
            return CardAnswer.Status(Sw.FileNotFound);
        }
        byte[] fci;
        if (target is DedicatedFile df)
        {
            Enter(df);
            fci = df.Fci();
        }
        else
        {
            var ef = (ElementaryFile)target;
            Enter(ef.Parent!);
            _currentEf = ef;
            fci = ef.Fcp();
        }
        return command.P2 == 0x0C ? CardAnswer.Success : CardAnswer.Ok(fci, tlvBearing: true);
    }

    /// <summary>READ BINARY <c>00 B0</c>: P1 bit 8 set = SFI in P1 bits 5–1 and offset P2; else a 15-bit offset in the current EF.</summary>
    public CardAnswer ReadBinary(CommandApdu command)
    {
        if (ResolveBinary(command, out var file, out var offset) is { } error)
        {
            return error;
        }
        if (!file.Read.IsSatisfiedBy(Security))
        {
            return CardAnswer.Status(Sw.SecurityStatusNotSatisfied);
        }
        if (offset > file.Size)
        {
            return CardAnswer.Status(Sw.WrongOffset);
        }
        var available = file.Size - offset;
        if (command.Ne == 0)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (command.Ne > available && command.Ne != CommandApdu.MaxShortNe)
        {
            return CardAnswer.Status(Sw.ExactLength(available));
        }
        return CardAnswer.Ok(file.Content.Slice(offset, Math.Min(command.Ne, available)).ToArray());
    }

    /// <summary>UPDATE BINARY <c>00 D6</c>, addressed like READ BINARY.</summary>
    public CardAnswer UpdateBinary(CommandApdu command)
    {
        if (ResolveBinary(command, out var file, out var offset) is { } error)
        {
            return error;
        }
        if (!file.Update.IsSatisfiedBy(Security))
        {
            return CardAnswer.Status(Sw.SecurityStatusNotSatisfied);
        }
        if (offset > file.Size)
        {
            return CardAnswer.Status(Sw.WrongOffset);
        }
        if (command.Data.IsEmpty || command.Ne != 0)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        return file.Write(offset, command.Data.Span) ? CardAnswer.Success : CardAnswer.Status(Sw.WrongLength);
    }

    /// <summary>
    /// READ RECORD <c>00 B2 rec P2</c> with P2 = (SFI &lt;&lt; 3) | 4, or 04 for the current EF. Le must be the
    /// record's length; anything else (Le = 00 included) gets 6Cxx.
    /// </summary>
    public CardAnswer ReadRecord(CommandApdu command)
    {
        if (ResolveRecord(command, out var file) is { } error)
        {
            return error;
        }
        if (!file.Read.IsSatisfiedBy(Security))
        {
            return CardAnswer.Status(Sw.SecurityStatusNotSatisfied);
        }
        if (file.Record(command.P1) is not { } record)
        {
            return CardAnswer.Status(Sw.RecordNotFound);
        }
        if (command.Ne != record.Length)
        {
            return CardAnswer.Status(Sw.ExactLength(record.Length));
        }
        return CardAnswer.Ok((byte[])record.Clone(), file.TlvRecords);
    }

    /// <summary>UPDATE RECORD <c>00 DC rec P2 Lc data</c>, addressed like READ RECORD; the data must keep the record's length.</summary>
    public CardAnswer UpdateRecord(CommandApdu command)
    {
        if (ResolveRecord(command, out var file) is { } error)
        {
            return error;
        }
        if (!file.Update.IsSatisfiedBy(Security))
        {
            return CardAnswer.Status(Sw.SecurityStatusNotSatisfied);
        }
        if (file.Record(command.P1) is not { } record)
        {
            return CardAnswer.Status(Sw.RecordNotFound);
        }
        if (command.Data.Length != record.Length || command.Ne != 0)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        file.Replace(command.P1, command.Data.ToArray());
        return CardAnswer.Success;
    }

    private CardAnswer? ResolveBinary(CommandApdu command, out BinaryFile file, out int offset)
    {
        file = null!;
        ElementaryFile? ef;
        if ((command.P1 & 0x80) != 0)
        {
            if ((command.P1 & 0x60) != 0)
            {
                offset = 0;
                return CardAnswer.Status(Sw.IncorrectP1P2);
            }
            offset = command.P2;
            ef = FindBySfi((byte)(command.P1 & 0x1F));
            if (ef is null)
            {
                return CardAnswer.Status(Sw.FileNotFound);
            }
        }
        else
        {
            offset = ((command.P1 & 0x7F) << 8) | command.P2;
            ef = _currentEf;
            if (ef is null)
            {
                return CardAnswer.Status(Sw.NoCurrentEf);
            }
        }
        if (ef is not BinaryFile binary)
        {
            return CardAnswer.Status(Sw.IncompatibleFileStructure);
        }
        _currentEf = ef;
        file = binary;
        return null;
    }

    private CardAnswer? ResolveRecord(CommandApdu command, out RecordFile file)
    {
        file = null!;
        if ((command.P2 & 0x07) != 0x04 || command.P2 >> 3 == 0x1F)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var sfi = (byte)(command.P2 >> 3);
        var ef = sfi == 0 ? _currentEf : FindBySfi(sfi);
        if (ef is null)
        {
            return CardAnswer.Status(sfi == 0 ? Sw.NoCurrentEf : Sw.FileNotFound);
        }
        if (ef is not RecordFile records)
        {
            return CardAnswer.Status(Sw.IncompatibleFileStructure);
        }
        _currentEf = ef;
        file = records;
        return null;
    }

    // An SFI names an EF of the current DF (ISO/IEC 7816-4 §5.3.1.1).
    private ElementaryFile? FindBySfi(byte sfi) => CurrentDf.FindBySfi(sfi);

    // ISO/IEC 7816-4 §7.1.1: a file id is looked up among the current DF's children, the current DF itself, its
    // parent and the parent's children.
    private CardFile? FindByFileId(ushort fileId)
    {
        if (fileId == MasterFileId)
        {
            return MasterFile;
        }
        if (CurrentDf.FileId == fileId)
        {
            return CurrentDf;
        }
        if (CurrentDf.FindChild(fileId) is { } child)
        {
            return child;
        }
        if (CurrentDf.Parent is { } parent)
        {
            return parent.FileId == fileId ? parent : parent.FindChild(fileId);
        }
        return null;
    }

    private void Enter(DedicatedFile df)
    {
        CurrentDf = df;
        _currentEf = null;
        Security.Entered(df);
    }
}
