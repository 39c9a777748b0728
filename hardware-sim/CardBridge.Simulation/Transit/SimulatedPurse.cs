using System.Buffers.Binary;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.DataElements;
using CardBridge.Simulation.FileSystem;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Simulation.Transit;

/// <summary>
/// The T-Union electronic purse (JT/T 978, PBOC e-purse) on a simulated social security card: a DF under the MF
/// selected by AID <c>A000000632010105</c> holding the public information file (SFI 15) and the cyclic transaction
/// record file (SFI 18), and the purse commands GET BALANCE <c>80 5C</c>, INITIALIZE FOR PURCHASE <c>80 50</c>,
/// DEBIT FOR PURCHASE <c>80 54</c> and GET TRANSACTION PROVE <c>80 5A</c> (cryptography in <see cref="PurseScheme"/>).
/// The card keeps the MAC2 and TAC of its last completed purchase for GET TRANSACTION PROVE, whose data is that
/// purchase's offline counter after the debit (the INITIALIZE counter + 1). Commands run serialised by the card's
/// processor; the read-only members are for tests.
/// </summary>
public sealed class SimulatedPurse
{
    /// <summary>The purse application's AID.</summary>
    public static readonly ReadOnlyMemory<byte> Aid = Convert.FromHexString("A000000632010105");

    /// <summary>SFI of the public information file; the application serial is at offset 12.</summary>
    public const byte PublicInfoSfi = 0x15;

    /// <summary>SFI of the cyclic transaction record file.</summary>
    public const byte RecordSfi = 0x18;

    /// <summary>
    /// Length of one transaction record: offline counter2 ‖ overdraft3 ‖ amount4 ‖ type1 ‖ terminal id6 ‖ date-time7.
    /// Unused records read as zeros.
    /// </summary>
    public const int RecordLength = 23;

    private const int SerialOffset = 12;
    private const int PublicInfoLength = 30;
    private const ushort ProofNotAvailable = 0x9406;

    /// <summary>P2 of INITIALIZE FOR PURCHASE: the electronic purse (EP).</summary>
    private const byte PurseType = 0x02;

    private readonly CardFileSystem _files;
    private readonly DedicatedFile _df;
    private readonly RecordFile _records;
    private readonly TransitProfile _profile;
    private readonly ElectronicPurse _purse;
    private readonly PurchaseKeys _keys;
    private Completed? _last;

    internal SimulatedPurse(TransitProfile profile, CardFileSystem files, Random random)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(files);
        if (profile.ApplicationSerial.Length != 8 || profile.IssuerId.Length != 8)
        {
            throw new ArgumentException("the application serial and the issuer id are 8 bytes each", nameof(profile));
        }
        if (profile.OverdraftLimitFen > 0xFFFFFF)
        {
            throw new ArgumentException("the overdraft limit does not fit in 3 bytes", nameof(profile));
        }
        _profile = profile;
        _files = files;
        _purse = new ElectronicPurse(profile.Algorithm, profile.KeyIndex, profile.KeyVersion, profile.OverdraftLimitFen,
            profile.BalanceFen, profile.OfflineCounter, random);
        _keys = new PurchaseKeys(PurseScheme.CardKey(profile.Algorithm, profile.PurchaseMasterKey, profile.ApplicationSerial),
            PurseScheme.CardKey(profile.Algorithm, profile.TacMasterKey, profile.ApplicationSerial));
        _df = files.MasterFile.Add(new DedicatedFile(null, Aid));
        _df.Add(new BinaryFile(0x0015, PublicInfoSfi, AccessRule.Always, AccessRule.Denied, PublicInfo(profile)));
        _records = _df.Add(new RecordFile(0x0018, RecordSfi, AccessRule.Always, AccessRule.Denied, cyclic: true, tlvRecords: false,
            profile.RecordCapacity, Enumerable.Range(0, profile.RecordCapacity).Select(_ => new byte[RecordLength])));
    }

    /// <summary>The purse balance in fen.</summary>
    public uint BalanceFen => _purse.BalanceFen;

    /// <summary>Purchases completed so far (the offline transaction counter).</summary>
    public ushort OfflineCounter => _purse.OfflineCounter;

    /// <summary>The application serial (public information offset 12).</summary>
    public ReadOnlyMemory<byte> ApplicationSerial => _profile.ApplicationSerial;

    /// <summary>
    /// The TAC the card computes for a purchase, as the clearing centre recomputes it from the card's TAC key: the
    /// check a terminal cannot make itself. <paramref name="dateTime"/> is the 7-byte BCD YYYYMMDDhhmmss.
    /// </summary>
    public byte[] ExpectedTac(uint amountFen, ReadOnlySpan<byte> terminalId, uint terminalSequence, ReadOnlySpan<byte> dateTime) =>
        PurseScheme.Tac(_profile.Algorithm, _keys.TacKey, amountFen, terminalId, terminalSequence, dateTime);

    internal void Reset() => _purse.Reset();

    internal CardAnswer Execute(CommandApdu command)
    {
        if (!ReferenceEquals(_files.CurrentDf, _df))
        {
            return CardAnswer.Status(Sw.InsNotSupported);
        }
        return command.Ins switch
        {
            0x5C => _purse.GetBalance(command),
            0x50 => _purse.Initialize(command, PurseType),
            0x54 => _purse.Debit(command, _ => _keys, Record),
            0x5A => GetTransactionProve(command),
            _ => CardAnswer.Status(Sw.InsNotSupported),
        };
    }

    // GET TRANSACTION PROVE 80 5A 00 06 02: offline counter after the purchase → MAC2 ‖ TAC, or 9406.
    private CardAnswer GetTransactionProve(CommandApdu command)
    {
        if (command.P1 != 0x00 || command.P2 != PurseScheme.PurchaseType)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (command.Data.Length != 2)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        var counter = BinaryPrimitives.ReadUInt16BigEndian(command.Data.Span);
        if (_last is not { } last || last.Counter != counter)
        {
            return CardAnswer.Status(ProofNotAvailable);
        }
        return CardAnswer.Ok([.. last.Mac2, .. last.Tac]);
    }

    // The proof GET TRANSACTION PROVE gives, then the record. Cyclic file: record 1 is the newest; every record moves
    // one place older and the oldest falls off.
    private void Record(Purchase purchase)
    {
        _last = new Completed((ushort)(purchase.CounterBefore + 1), purchase.Mac2, purchase.Tac);
        var overdraft = _profile.OverdraftLimitFen;
        byte[] record = [(byte)(purchase.CounterBefore >> 8), (byte)purchase.CounterBefore,
            (byte)(overdraft >> 16), (byte)(overdraft >> 8), (byte)overdraft,
            .. PurseScheme.Be32(purchase.AmountFen), PurseScheme.PurchaseType, .. purchase.TerminalId, .. purchase.DateTime];
        for (var n = _records.Count; n > 1; n--)
        {
            _records.Replace(n, _records.Record(n - 1)!);
        }
        _records.Replace(1, record);
    }

    // Public information: issuer id8 ‖ application type ‖ version ‖ interop code2 ‖ serial8 ‖ valid from4 ‖
    // valid until4 ‖ RFU2 (dates BCD YYYYMMDD).
    private static byte[] PublicInfo(TransitProfile profile)
    {
        var info = new byte[PublicInfoLength];
        profile.IssuerId.CopyTo(info, 0);
        info[8] = 0x02;
        info[9] = 0x01;
        info[10] = 0x00;
        info[11] = 0x01;
        profile.ApplicationSerial.CopyTo(info, SerialOffset);
        Bcd.EncodeDate(profile.ValidFrom).CopyTo(info, 20);
        Bcd.EncodeDate(profile.ValidUntil).CopyTo(info, 24);
        return info;
    }

    private sealed record Completed(ushort Counter, byte[] Mac2, byte[] Tac);
}
