using System.Buffers.Binary;
using System.Security.Cryptography;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Transit;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// The PBOC electronic purse each purse of the social security card is (the DF04 medical purse; the T-Union transit
/// purse follows the same scheme): balance, offline counter and the purchase state machine — GET BALANCE
/// <c>5C 00 02 04</c>, INITIALIZE FOR PURCHASE <c>50|28 01 &lt;purse type&gt;</c> (key index ‖ amount4 ‖ terminal id6,
/// optionally followed by a purse-specific extension → balance4 ‖ offline counter2 ‖ overdraft limit3 ‖ key version ‖
/// algorithm ‖ random4) and DEBIT <c>54|2C 01 00 0F</c> (terminal sequence4 ‖ date-time7 ‖ MAC1 → TAC ‖ MAC2), with the
/// cryptography of <see cref="PurseScheme"/>. Any INITIALIZE or DEBIT ends the pending purchase; DEBIT without one is
/// 6985, a wrong MAC1 9302, an amount above the balance 9401, another key index 9403.
/// </summary>
internal sealed class ElectronicPurse
{
    private const int InitLength = 11;
    private const int DebitLength = 15;
    private const ushort InsufficientFunds = 0x9401;
    private const ushort MacInvalid = 0x9302;

    private readonly CardAlgorithm _algorithm;
    private readonly byte _keyIndex;
    private readonly byte _keyVersion;
    private readonly uint _overdraftLimitFen;
    private readonly Random _random;
    private Initialised? _initialised;

    public ElectronicPurse(CardAlgorithm algorithm, byte keyIndex, byte keyVersion, uint overdraftLimitFen, uint balanceFen, ushort offlineCounter, Random random)
    {
        if (overdraftLimitFen > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(overdraftLimitFen), "the overdraft limit does not fit in 3 bytes");
        }
        _algorithm = algorithm;
        _keyIndex = keyIndex;
        _keyVersion = keyVersion;
        _overdraftLimitFen = overdraftLimitFen;
        _random = random;
        BalanceFen = balanceFen;
        OfflineCounter = offlineCounter;
    }

    public uint BalanceFen { get; private set; }

    /// <summary>Purchases completed so far (the offline transaction counter).</summary>
    public ushort OfflineCounter { get; private set; }

    public CardAlgorithm Algorithm => _algorithm;

    public void Reset() => _initialised = null;

    // GET BALANCE xx 5C 00 02 04.
    public CardAnswer GetBalance(CommandApdu command)
    {
        if (command.P1 != 0x00 || command.P2 != 0x02)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        return command.Ne == 4 ? CardAnswer.Ok(PurseScheme.Be32(BalanceFen)) : CardAnswer.Status(Sw.ExactLength(4));
    }

    /// <summary>INITIALIZE FOR PURCHASE with P2 <paramref name="purseType"/>; the data may carry an <paramref name="extensionLength"/>-byte extension after the terminal id.</summary>
    public CardAnswer Initialize(CommandApdu command, byte purseType, int extensionLength = 0)
    {
        _initialised = null;
        if (command.P1 != 0x01 || command.P2 != purseType)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var data = command.Data.Span;
        if (data.Length != InitLength && (extensionLength == 0 || data.Length != InitLength + extensionLength))
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (data[0] != _keyIndex)
        {
            return CardAnswer.Status(Sw.KeyIndexNotSupported);
        }
        var amount = BinaryPrimitives.ReadUInt32BigEndian(data[1..]);
        if (amount > BalanceFen)
        {
            return CardAnswer.Status(InsufficientFunds);
        }
        var random = new byte[4];
        _random.NextBytes(random);
        _initialised = new Initialised(amount, data[5..InitLength].ToArray(), data[InitLength..].ToArray(), random, OfflineCounter);
        var overdraft = _overdraftLimitFen;
        return CardAnswer.Ok([.. PurseScheme.Be32(BalanceFen), (byte)(OfflineCounter >> 8), (byte)OfflineCounter,
            (byte)(overdraft >> 16), (byte)(overdraft >> 8), (byte)overdraft,
            _keyVersion, PurseScheme.AlgorithmId(_algorithm), .. random]);
    }

    /// <summary>
    /// DEBIT: checks MAC1 under the purchase key <paramref name="keys"/> gives for the INITIALIZE extension, debits,
    /// hands the completed <see cref="Purchase"/> to <paramref name="completed"/> (the purse's record) and answers TAC ‖ MAC2.
    /// </summary>
    public CardAnswer Debit(CommandApdu command, Func<byte[], PurchaseKeys> keys, Action<Purchase> completed)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(completed);
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
        var dateTime = data[4..11].ToArray();
        var (purchaseKey, tacKey) = keys(init.Extension);
        var session = PurseScheme.SessionKey(_algorithm, purchaseKey, init.Random, init.Counter, sequence);
        if (!CryptographicOperations.FixedTimeEquals(PurseScheme.Mac1(_algorithm, session, init.AmountFen, init.TerminalId, dateTime), data[11..15]))
        {
            return CardAnswer.Status(MacInvalid);
        }
        BalanceFen -= init.AmountFen;
        OfflineCounter++;
        var tac = PurseScheme.Tac(_algorithm, tacKey, init.AmountFen, init.TerminalId, sequence, dateTime);
        var mac2 = PurseScheme.Mac2(_algorithm, session, init.AmountFen);
        completed(new Purchase(init.AmountFen, init.TerminalId, init.Extension, init.Counter, dateTime, tac, mac2));
        return CardAnswer.Ok([.. tac, .. mac2]);
    }

    private sealed record Initialised(uint AmountFen, byte[] TerminalId, byte[] Extension, byte[] Random, ushort Counter);
}
