using System.Buffers.Binary;
using System.Globalization;
using CardBridge.Simulation.DataElements;
using CardBridge.Simulation.FileSystem;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// Builds the file tree of a social security card from its profile, per 《社会保障卡文件结构和数据项》: MF →
/// SSSE (EF05 card, EF06 holder, EF07 fingerprint, EF08 photo) → DF01…DF07 applications, DF04 holding the
/// medical insurance files; then the profile's own DFs/EFs are merged in.
/// </summary>
internal static class SocialSecurityLayout
{
    /// <summary>"sx1.sh." followed by 社会保障 in GBK: the SSSE environment's DF name.</summary>
    public static readonly ReadOnlyMemory<byte> SsseAid = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");

    /// <summary>DF04 medical insurance.</summary>
    public static readonly ReadOnlyMemory<byte> MedicalAid = Convert.FromHexString("D15600000503");

    /// <summary>RID + PIX prefix of the applications below SSSE.</summary>
    private static readonly byte[] ApplicationAidPrefix = Convert.FromHexString("D156000005");

    /// <summary>Length of one DF04 EF08 transaction detail record.</summary>
    public const int DetailRecordLength = 0x1C;

    private const int NameSize = 30;
    private const int NameExtensionSize = 20;

    public static (DedicatedFile MasterFile, DedicatedFile Ssse, byte[] CardIdentificationCode) Build(SocialSecurityProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var mf = new DedicatedFile(0x3F00, default);
        // FCI proprietary template of SSSE: 88 01 1E (SFI of the directory), 9F0C { 86 01 algorithm }.
        var ssse = mf.Add(new DedicatedFile(null, SsseAid,
            new byte[] { 0x88, 0x01, 0x1E, 0x9F, 0x0C, 0x03, 0x86, 0x01, (byte)profile.Algorithm }));

        var cardId = CardIdentificationCode(profile.Card);
        var protectedRead = profile.IsThirdGeneration ? AccessRule.ExternalAuth(CardKeyIds.Rkssse) : AccessRule.Always;
        ssse.Add(new RecordFile(0xEF05, 0x05, AccessRule.Always, AccessRule.Denied, cyclic: false, tlvRecords: true, 0,
            CardRecords(profile, cardId)));
        ssse.Add(new RecordFile(0xEF06, 0x06, protectedRead, AccessRule.Denied, cyclic: false, tlvRecords: true, 0,
            HolderRecords(profile.Holder)));
        ssse.Add(new BinaryFile(0xEF07, 0x07, protectedRead, AccessRule.Denied,
            profile.Fingerprint ?? SyntheticBlob("SIM-FINGERPRINT", 64)));
        ssse.Add(new BinaryFile(0xEF08, 0x08, protectedRead, AccessRule.Denied,
            profile.Photo ?? SyntheticBlob("SIM-PHOTO", 128)));

        for (byte n = 0; n <= 4; n++)
        {
            var fileId = (ushort)(0xDF01 + (n == 4 ? 6 : n));
            var df = ssse.Add(new DedicatedFile(fileId, (byte[])[.. ApplicationAidPrefix, n]));
            if (df.Aid.Span.SequenceEqual(MedicalAid.Span))
            {
                AddMedicalFiles(df, profile.Medical);
            }
        }
        foreach (var spec in profile.Files)
        {
            AddCustom(mf, spec);
        }
        return (mf, ssse, cardId);
    }

    /// <summary>EF05 tag 01: region (BCD) ‖ D156000005 ‖ serial ‖ authentication code.</summary>
    public static byte[] CardIdentificationCode(CardData card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return [.. Bcd.Encode(card.Region, 3), .. ApplicationAidPrefix, .. card.Serial, .. card.AuthCode];
    }

    private static IEnumerable<byte[]> CardRecords(SocialSecurityProfile profile, byte[] cardId)
    {
        var card = profile.Card;
        yield return Tlv(0x01, cardId);
        yield return Tlv(0x02, CardText.Ascii(card.Category, 1));
        yield return Tlv(0x03, CardText.Ascii(profile.SpecVersion, 4));
        yield return Tlv(0x04, Bcd.Encode(card.InitialisingBody, 12));
        yield return Tlv(0x05, Bcd.EncodeDate(card.IssueDate));
        yield return Tlv(0x06, Bcd.EncodeDate(card.ExpiryDate));
        yield return Tlv(0x07, CardText.Ascii(card.CardNumber, 9));
    }

    private static IEnumerable<byte[]> HolderRecords(HolderData holder)
    {
        var (name, extension) = CardText.SplitName(holder.Name, NameSize, NameExtensionSize);
        yield return Tlv(0x08, CardText.Ascii(holder.Ssn, 18));
        yield return Tlv(0x09, name);
        yield return Tlv(0x4E, extension);
        yield return Tlv(0x0A, CardText.Ascii(holder.Sex.ToString(), 1));
        yield return Tlv(0x0B, Bcd.Encode(holder.Ethnicity.PadLeft(2, '0'), 1));
        yield return Tlv(0x0C, Bcd.Encode(holder.Birthplace, 3));
        yield return Tlv(0x0D, Bcd.EncodeDate(holder.BirthDate));
    }

    private static void AddMedicalFiles(DedicatedFile df04, MedicalData medical)
    {
        df04.Add(new RecordFile(0xEF05, 0x05, AccessRule.Always, AccessRule.Denied, cyclic: false, tlvRecords: true, 0,
        [
            Tlv(0x81, CardText.Ascii(medical.InsuranceType, 3)),
            Tlv(0x8F, [medical.UsageMode]),
        ]));
        // Real cards write EF06 under UK2DF04 with secure messaging (simulated in MedicalSecureWrite); the plain
        // UPDATE RECORD after VERIFY stays open so tests can arrange offline-settlement states directly.
        var amount = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(amount, medical.OfflineAmountFen);
        df04.Add(new RecordFile(0xEF06, 0x06, AccessRule.Pin, AccessRule.Pin, cyclic: false, tlvRecords: true, 0,
        [
            Tlv(0x90, [medical.OfflineAllowed ? (byte)1 : (byte)0]),
            Tlv(0x92, amount),
            Tlv(0x93, [medical.OfflineCount]),
        ]));
        df04.Add(new RecordFile(0xEF08, 0x08, AccessRule.Pin, AccessRule.Denied, cyclic: true, tlvRecords: false,
            medical.DetailCapacity, medical.Transactions.Select(DetailRecord)));
    }

    /// <summary>
    /// DF04 EF08 record (0x1C bytes): sequence b2, type an1, terminal id cn6, time cn7 (YYYYMMDDhhmmss),
    /// account amount b4, self-pay b4, pooled fund b4 (amounts in fen, big-endian).
    /// </summary>
    public static byte[] DetailRecord(MedicalTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return DetailRecord(transaction.Sequence, (byte)transaction.Type, Bcd.Encode(transaction.TerminalId, 6),
            Bcd.Encode(transaction.Time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), 7),
            transaction.AccountFen, transaction.SelfPayFen, transaction.PooledFen);
    }

    /// <summary>The EF08 record from its fields as the card holds them (terminal id 6 and time 7 bytes of BCD).</summary>
    public static byte[] DetailRecord(ushort sequence, byte type, ReadOnlySpan<byte> terminalId, ReadOnlySpan<byte> time,
        uint accountFen, uint selfPayFen, uint pooledFen)
    {
        var record = new byte[DetailRecordLength];
        var span = record.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, sequence);
        span[2] = type;
        terminalId[..6].CopyTo(span[3..]);
        time[..7].CopyTo(span[9..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], accountFen);
        BinaryPrimitives.WriteUInt32BigEndian(span[20..], selfPayFen);
        BinaryPrimitives.WriteUInt32BigEndian(span[24..], pooledFen);
        return record;
    }

    private static void AddCustom(DedicatedFile mf, DfSpec spec)
    {
        var parent = spec.ParentAid.IsEmpty ? mf : FindByAid(mf, spec.ParentAid.Span)
            ?? throw new FormatException($"parent DF {Convert.ToHexString(spec.ParentAid.Span)} does not exist");
        var df = (spec.Aid.IsEmpty ? null : FindByAid(mf, spec.Aid.Span))
            ?? (spec.FileId is { } id ? parent.FindChild(id) as DedicatedFile : null)
            ?? parent.Add(new DedicatedFile(spec.FileId, spec.Aid));
        foreach (var ef in spec.Files)
        {
            df.Add<ElementaryFile>(ef.Kind == EfKind.Binary
                ? new BinaryFile(ef.FileId, ef.Sfi, ef.Read, ef.Update, ef.Data)
                : new RecordFile(ef.FileId, ef.Sfi, ef.Read, ef.Update, ef.Kind == EfKind.Cyclic, ef.Tlv, ef.Capacity, ef.Records));
        }
    }

    private static DedicatedFile? FindByAid(DedicatedFile mf, ReadOnlySpan<byte> aid)
    {
        foreach (var df in mf.SelfAndDescendants())
        {
            if (!df.Aid.IsEmpty && df.Aid.Span.SequenceEqual(aid))
            {
                return df;
            }
        }
        return null;
    }

    private static byte[] SyntheticBlob(string label, int size)
    {
        var blob = new byte[size];
        var text = System.Text.Encoding.ASCII.GetBytes(label);
        for (var i = 0; i < size; i++)
        {
            blob[i] = i < text.Length ? text[i] : (byte)i;
        }
        return blob;
    }

    private static byte[] Tlv(byte tag, ReadOnlySpan<byte> value) => [tag, (byte)value.Length, .. value];
}
