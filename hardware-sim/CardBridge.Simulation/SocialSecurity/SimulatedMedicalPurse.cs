using System.Buffers.Binary;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.FileSystem;
using CardBridge.Simulation.Transit;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// The DF04 medical purse (DESIGN §8), CLA B0, while DF04 is the current DF: GET BALANCE <c>B0 5C 00 02 04</c>,
/// INITIALIZE FOR PURCHASE <c>B0 28 01 01</c> and DEBIT <c>B0 2C 01 00 0F</c>, the PBOC purchase of
/// <see cref="PurseScheme"/> with the keys of <see cref="MedicalPurseScheme"/>. A DEBIT whose MAC1 verifies takes the
/// amount off the balance and appends the EF08 detail record in one step: sequence = the newest record's + 1, type
/// '3' (offline settlement, the type CardBridge's offline log counts), the INITIALIZE terminal id, the DEBIT
/// date-time and the amount and split of INITIALIZE. The purchase state machine and its status words are
/// <see cref="ElectronicPurse"/>'s; INITIALIZE here also needs the holder's PIN (6982, the EF08 rule), and outside
/// DF04 the purse commands answer 6985. Commands run serialised by the card's processor; the read-only members are
/// for tests.
/// </summary>
public sealed class SimulatedMedicalPurse
{
    /// <summary>The class byte of the medical purse commands.</summary>
    public const byte Cla = 0xB0;

    /// <summary>The purchase key index the terminal names in INITIALIZE FOR PURCHASE.</summary>
    public const byte KeyIndex = 0x01;

    /// <summary>The key version the card reports; the PSAM holds the medical purse master key under it.</summary>
    public const byte KeyVersion = 0x01;

    /// <summary>P2 of INITIALIZE FOR PURCHASE.</summary>
    private const byte PurseType = 0x01;

    private const byte OfflineSettlementType = (byte)'3';

    private readonly CardFileSystem _files;
    private readonly DedicatedFile _df04;
    private readonly RecordFile _details;
    private readonly ElectronicPurse _purse;
    private readonly PurchaseKeys _cardKeys;

    internal SimulatedMedicalPurse(CardFileSystem files, CardAlgorithm algorithm, uint balanceFen, PurchaseKeys cardKeys, Random random)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
        _df04 = files.FindByAid(SocialSecurityLayout.MedicalAid.Span)
            ?? throw new ArgumentException("the card has no DF04", nameof(files));
        _details = _df04.FindBySfi(0x08) as RecordFile ?? throw new ArgumentException("DF04 has no EF08", nameof(files));
        _purse = new ElectronicPurse(algorithm, KeyIndex, KeyVersion, 0, balanceFen, 0, random);
        _cardKeys = cardKeys;
    }

    /// <summary>The purse balance in fen.</summary>
    public uint BalanceFen => _purse.BalanceFen;

    /// <summary>Completed debits since personalisation (the offline transaction counter).</summary>
    public ushort OfflineCounter => _purse.OfflineCounter;

    /// <summary>
    /// The TAC the card gives for a purchase, as the centre recomputes it from the card's TAC key: the check a
    /// terminal cannot make itself. <paramref name="terminalId"/> is 6 bytes BCD, <paramref name="dateTime"/> the
    /// 7-byte BCD YYYYMMDDhhmmss.
    /// </summary>
    public byte[] ExpectedTac(uint amountFen, uint selfPayFen, uint pooledFen, ReadOnlySpan<byte> terminalId, uint terminalSequence, ReadOnlySpan<byte> dateTime) =>
        PurseScheme.Tac(_purse.Algorithm, Keys(MedicalPurseScheme.Split(selfPayFen, pooledFen)).TacKey, amountFen, terminalId, terminalSequence, dateTime);

    internal void Reset() => _purse.Reset();

    internal CardAnswer Execute(CommandApdu command)
    {
        if (!ReferenceEquals(_files.CurrentDf, _df04))
        {
            return CardAnswer.Status(Sw.ConditionsNotSatisfied);
        }
        switch (command.Ins)
        {
            case 0x5C:
                return _purse.GetBalance(command);
            case 0x28 when !_files.Security.PinVerified:
                _purse.Reset();
                return CardAnswer.Status(Sw.SecurityStatusNotSatisfied);
            case 0x28:
                return _purse.Initialize(command, PurseType, MedicalPurseScheme.SplitLength);
            case 0x2C:
                return _purse.Debit(command, Keys, Record);
            default:
                return CardAnswer.Status(Sw.InsNotSupported);
        }
    }

    // The standard INITIALIZE (no split) is the split 0 ‖ 0.
    private PurchaseKeys Keys(byte[] split)
    {
        var factor = split.Length == 0 ? new byte[MedicalPurseScheme.SplitLength] : split;
        return new PurchaseKeys(MedicalPurseScheme.PurchaseKey(_purse.Algorithm, _cardKeys.PurchaseKey, factor),
            MedicalPurseScheme.PurchaseKey(_purse.Algorithm, _cardKeys.TacKey, factor));
    }

    // EF08: sequence = the newest record's + 1, type '3', the purchase's terminal id, time and amounts.
    private void Record(Purchase purchase)
    {
        var split = purchase.Extension.Length == 0 ? new byte[MedicalPurseScheme.SplitLength] : purchase.Extension;
        var newest = _details.Record(1);
        var sequence = newest is null ? (ushort)1 : unchecked((ushort)(BinaryPrimitives.ReadUInt16BigEndian(newest) + 1));
        _details.Append(SocialSecurityLayout.DetailRecord(sequence, OfflineSettlementType, purchase.TerminalId, purchase.DateTime,
            purchase.AmountFen, BinaryPrimitives.ReadUInt32BigEndian(split), BinaryPrimitives.ReadUInt32BigEndian(split.AsSpan(4))));
    }
}
