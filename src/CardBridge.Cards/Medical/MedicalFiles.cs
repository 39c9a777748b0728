using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using CardBridge.Cards.Identity;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Medical;

/// <summary>DF04's file map and the byte layout of its records (DESIGN §8 "DF04 medical insurance").</summary>
internal static class MedicalFiles
{
    public static readonly byte[] Aid = Convert.FromHexString("D15600000503");

    public const byte BasicsSfi = 0x05;
    public const byte OfflineSfi = 0x06;
    public const byte DetailSfi = 0x08;

    public const byte OfflineAmountRecord = 2;
    public const byte OfflineCountRecord = 3;

    public const int DetailLength = 0x1C;

    /// <summary>READ RECORD stops here even if a card never answers 6A83.</summary>
    public const int MaxDetailRecords = 254;

    public static CommandApdu SelectDf04 => CommandApdu.SelectByName(Aid, returnFci: false);

    /// <summary>The value of the single TLV object a record holds, checking its tag.</summary>
    public static ReadOnlyMemory<byte> TlvValue(ReadOnlyMemory<byte> record, uint tag, string what)
    {
        BerTlv tlv;
        try
        {
            tlv = BerTlv.ParseSingle(record);
        }
        catch (TlvFormatException e)
        {
            throw new CardDataException($"{what}: malformed TLV", e);
        }
        return tlv.Tag == tag ? tlv.Value : throw new CardDataException($"{what}: tag {tlv.Tag:X2}, expected {tag:X2}");
    }

    public static MedicalBasics ParseBasics(ReadOnlyMemory<byte> typeRecord, ReadOnlyMemory<byte> modeRecord)
    {
        var type = TlvValue(typeRecord, 0x81, "DF04 EF05 insurance type").Span.TrimEnd((byte)0);
        if (type.IsEmpty || type.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            throw new CardDataException("DF04 EF05 insurance type is not printable text");
        }
        var mode = TlvValue(modeRecord, 0x8F, "DF04 EF05 usage mode").Span;
        if (mode.Length != 1 || mode[0] is not (1 or 2))
        {
            throw new CardDataException("DF04 EF05 usage mode is neither 1 (online) nor 2 (offline)");
        }
        return new MedicalBasics(Encoding.ASCII.GetString(type), (MedicalUsageMode)mode[0]);
    }

    public static OfflineSettlementState ParseOffline(ReadOnlyMemory<byte> allowed, ReadOnlyMemory<byte> amount, ReadOnlyMemory<byte> count)
    {
        var allowedValue = TlvValue(allowed, 0x90, "DF04 EF06 offline allowed").Span;
        var amountValue = TlvValue(amount, 0x92, "DF04 EF06 cumulative amount").Span;
        var countValue = TlvValue(count, 0x93, "DF04 EF06 offline count").Span;
        if (allowedValue.Length != 1 || allowedValue[0] > 1 || amountValue.Length != 4 || countValue.Length != 1)
        {
            throw new CardDataException("DF04 EF06 values have the wrong length or an impossible flag");
        }
        return new OfflineSettlementState(allowedValue[0] == 1, BinaryPrimitives.ReadUInt32BigEndian(amountValue), countValue[0]);
    }

    public static byte[] OfflineAmountRecordBytes(uint amountFen)
    {
        byte[] record = [0x92, 0x04, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(2), amountFen);
        return record;
    }

    public static byte[] OfflineCountRecordBytes(byte count) => [0x93, 0x01, count];

    public static MedicalTransaction ParseDetail(ReadOnlySpan<byte> record, int number)
    {
        if (record.Length != DetailLength)
        {
            throw new CardDataException($"DF04 EF08 record {number} has {record.Length} bytes, expected {DetailLength}");
        }
        var type = (MedicalTransactionType)record[2];
        if (!Enum.IsDefined(type))
        {
            throw new CardDataException($"DF04 EF08 record {number} has transaction type {record[2]:X2}");
        }
        var terminal = DataElement.TryDigits(record.Slice(3, 6)) ?? throw new CardDataException($"DF04 EF08 record {number} terminal id is not BCD");
        var time = DataElement.TryDigits(record.Slice(9, 7)) ?? throw new CardDataException($"DF04 EF08 record {number} time is not BCD");
        if (!DateTime.TryParseExact(time, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var when))
        {
            throw new CardDataException($"DF04 EF08 record {number} time is not a valid date and time");
        }
        return new MedicalTransaction(
            BinaryPrimitives.ReadUInt16BigEndian(record),
            type,
            terminal,
            when,
            BinaryPrimitives.ReadUInt32BigEndian(record[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(record[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(record[24..]));
    }

    public static byte[] DetailBytes(MedicalTransaction transaction)
    {
        var record = new byte[DetailLength];
        var span = record.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, transaction.Sequence);
        span[2] = (byte)transaction.Type;
        DataElement.EncodeDigits(transaction.TerminalId, span.Slice(3, 6));
        DataElement.EncodeDigits(transaction.Time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), span.Slice(9, 7));
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], transaction.AccountFen);
        BinaryPrimitives.WriteUInt32BigEndian(span[20..], transaction.SelfPayFen);
        BinaryPrimitives.WriteUInt32BigEndian(span[24..], transaction.PooledFen);
        return record;
    }
}
