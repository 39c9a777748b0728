using System.Buffers.Binary;
using System.Security.Cryptography;
using CardBridge.Crypto;
using CardBridge.HardwareSim.Cards;
using CardBridge.HardwareSim.FileSystem;
using CardBridge.HardwareSim.Transit;
using CardBridge.Iso7816;

namespace CardBridge.HardwareSim.SocialSecurity;

/// <summary>
/// The DF04 medical purse (DESIGN §8), CLA B0, while DF04 is the current DF: GET BALANCE <c>B0 5C 00 02 04</c>,
/// INITIALIZE FOR PURCHASE <c>B0 28 01 01</c> and DEBIT <c>B0 2C 01 00 0F</c>, the PBOC purchase of
/// <see cref="PurseScheme"/> with the keys of <see cref="MedicalPurseScheme"/>. A DEBIT whose MAC1 verifies takes the
/// amount off the balance and appends the EF08 detail record in one step: sequence = the newest record's + 1, type
/// '3' (offline settlement, the type CardBridge's offline log counts), the INITIALIZE terminal id, the DEBIT
/// date-time and the amount and split of INITIALIZE. INITIALIZE needs the holder's PIN (the EF08 rule), DEBIT needs
/// an INITIALIZE since the last reset or DEBIT (6985); a wrong MAC1 is 9302 and ends the purchase. Commands run
/// serialised by the card's processor; the read-only members are for tests.
/// </summary>
public sealed class SimulatedMedicalPurse
{
    /// <summary>The class byte of the medical purse commands.</summary>
    public const byte Cla = 0xB0;

    /// <summary>The purchase key index the terminal names in INITIALIZE FOR PURCHASE.</summary>
    public const byte KeyIndex = 0x01;

    /// <summary>The key version the card reports; the PSAM holds the medical purse master key under it.</summary>
    public const byte KeyVersion = 0x01;

    /// <summary>INITIALIZE data: key index ‖ amount4 ‖ terminal id6.</summary>
    private const int StandardInitLength = 11;

    /// <summary>CardBridge extension: the standard data ‖ self-pay4 ‖ pooled4 (<see cref="MedicalPurseScheme"/>).</summary>
    private const int ExtendedInitLength = StandardInitLength + MedicalPurseScheme.SplitLength;

    private const int DebitLength = 15;
    private const int InitAnswerLength = 15;
    private const byte OfflineSettlementType = (byte)'3';
    private const ushort InsufficientFunds = 0x9401;
    private const ushort MacInvalid = 0x9302;

    private readonly CardFileSystem _files;
    private readonly DedicatedFile _df04;
    private readonly RecordFile _details;
    private readonly CardAlgorithm _algorithm;
    private readonly byte[] _purchaseKey;
    private readonly byte[] _tacKey;
    private readonly Random _random;
    private Initialised? _initialised;

    internal SimulatedMedicalPurse(CardFileSystem files, CardAlgorithm algorithm, MedicalData medical, ReadOnlySpan<byte> cardIdentificationCode, Random random)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(medical);
        _files = files;
        _df04 = files.FindByAid(SocialSecurityLayout.MedicalAid.Span)
            ?? throw new ArgumentException("the card has no DF04", nameof(files));
        _details = _df04.FindBySfi(0x08) as RecordFile ?? throw new ArgumentException("DF04 has no EF08", nameof(files));
        _algorithm = algorithm;
        _random = random;
        _purchaseKey = MedicalPurseScheme.CardKey(algorithm, medical.PurseMasterKey, cardIdentificationCode);
        _tacKey = MedicalPurseScheme.CardKey(algorithm, medical.PurseTacMasterKey, cardIdentificationCode);
        BalanceFen = medical.PurseBalanceFen;
    }

    /// <summary>The purse balance in fen.</summary>
    public uint BalanceFen { get; private set; }

    /// <summary>Completed debits since personalisation (the offline transaction counter).</summary>
    public ushort OfflineCounter { get; private set; }

    /// <summary>
    /// The TAC the card gives for a purchase, as the centre recomputes it from the card's TAC key: the check a
    /// terminal cannot make itself. <paramref name="terminalId"/> is 6 bytes BCD, <paramref name="dateTime"/> the
    /// 7-byte BCD YYYYMMDDhhmmss.
    /// </summary>
    public byte[] ExpectedTac(uint amountFen, uint selfPayFen, uint pooledFen, ReadOnlySpan<byte> terminalId, uint terminalSequence, ReadOnlySpan<byte> dateTime) =>
        PurseScheme.Tac(_algorithm, MedicalPurseScheme.PurchaseKey(_algorithm, _tacKey, MedicalPurseScheme.Split(selfPayFen, pooledFen)),
            amountFen, terminalId, terminalSequence, dateTime);

    internal void Reset() => _initialised = null;

    internal CardAnswer Execute(CommandApdu command)
    {
        if (!ReferenceEquals(_files.CurrentDf, _df04))
        {
            return CardAnswer.Status(Sw.ConditionsNotSatisfied);
        }
        return command.Ins switch
        {
            0x5C => GetBalance(command),
            0x28 => InitializeForPurchase(command),
            0x2C => Debit(command),
            _ => CardAnswer.Status(Sw.InsNotSupported),
        };
    }

    // GET BALANCE B0 5C 00 02 04.
    private CardAnswer GetBalance(CommandApdu command)
    {
        if (command.P1 != 0x00 || command.P2 != 0x02)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        return command.Ne == 4 ? CardAnswer.Ok(PurseScheme.Be32(BalanceFen)) : CardAnswer.Status(Sw.ExactLength(4));
    }

    // INITIALIZE FOR PURCHASE B0 28 01 01 0B|13: key index ‖ amount4 ‖ terminal id6 [‖ self-pay4 ‖ pooled4] →
    // balance4 ‖ offline counter2 ‖ overdraft limit3 ‖ key version ‖ algorithm ‖ random4.
    private CardAnswer InitializeForPurchase(CommandApdu command)
    {
        _initialised = null;
        if (command.P1 != 0x01 || command.P2 != 0x01)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var data = command.Data.Span;
        if (data.Length is not (StandardInitLength or ExtendedInitLength))
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (!_files.Security.PinVerified)
        {
            return CardAnswer.Status(Sw.SecurityStatusNotSatisfied);
        }
        if (data[0] != KeyIndex)
        {
            return CardAnswer.Status(Sw.KeyIndexNotSupported);
        }
        var amount = BinaryPrimitives.ReadUInt32BigEndian(data[1..]);
        if (amount > BalanceFen)
        {
            return CardAnswer.Status(InsufficientFunds);
        }
        var split = data.Length == ExtendedInitLength ? data[StandardInitLength..].ToArray() : new byte[MedicalPurseScheme.SplitLength];
        var random = new byte[4];
        _random.NextBytes(random);
        _initialised = new Initialised(amount, data[5..11].ToArray(), split, random, OfflineCounter);
        return CardAnswer.Ok([.. PurseScheme.Be32(BalanceFen), (byte)(OfflineCounter >> 8), (byte)OfflineCounter, 0, 0, 0,
            KeyVersion, PurseScheme.AlgorithmId(_algorithm), .. random]);
    }

    // DEBIT B0 2C 01 00 0F: terminal sequence4 ‖ date-time7 ‖ MAC1 → TAC ‖ MAC2.
    private CardAnswer Debit(CommandApdu command)
    {
        if (command.P1 != 0x01 || command.P2 != 0x00)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var data = command.Data.Span;
        if (data.Length != DebitLength)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (_initialised is not { } init)
        {
            return CardAnswer.Status(Sw.ConditionsNotSatisfied);
        }
        _initialised = null;
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(data);
        var dateTime = data[4..11];
        var purchaseKey = MedicalPurseScheme.PurchaseKey(_algorithm, _purchaseKey, init.Split);
        var session = PurseScheme.SessionKey(_algorithm, purchaseKey, init.Random, init.Counter, sequence);
        if (!CryptographicOperations.FixedTimeEquals(PurseScheme.Mac1(_algorithm, session, init.AmountFen, init.TerminalId, dateTime), data[11..15]))
        {
            return CardAnswer.Status(MacInvalid);
        }
        var split = init.Split.AsSpan();
        var newest = _details.Record(1);
        var detailSequence = newest is null ? (ushort)1 : unchecked((ushort)(BinaryPrimitives.ReadUInt16BigEndian(newest) + 1));
        _details.Append(SocialSecurityLayout.DetailRecord(detailSequence, OfflineSettlementType, init.TerminalId, dateTime,
            init.AmountFen, BinaryPrimitives.ReadUInt32BigEndian(split), BinaryPrimitives.ReadUInt32BigEndian(split[4..])));
        BalanceFen -= init.AmountFen;
        OfflineCounter++;
        var tac = PurseScheme.Tac(_algorithm, MedicalPurseScheme.PurchaseKey(_algorithm, _tacKey, init.Split),
            init.AmountFen, init.TerminalId, sequence, dateTime);
        return CardAnswer.Ok([.. tac, .. PurseScheme.Mac2(_algorithm, session, init.AmountFen)]);
    }

    private sealed record Initialised(uint AmountFen, byte[] TerminalId, byte[] Split, byte[] Random, ushort Counter);
}
