using System.Buffers.Binary;
using System.Security.Cryptography;
using CardBridge.Crypto;
using CardBridge.HardwareSim.Cards;
using CardBridge.Iso7816;

namespace CardBridge.HardwareSim.Transit;

/// <summary>
/// The PSAM's part of an e-purse purchase (cryptography in <see cref="PurseScheme"/>):
/// MAC1 <c>80 70 00 00 1C</c> (random4 ‖ offline counter2 ‖ amount4 ‖ type ‖ date-time7 ‖ key version ‖
/// algorithm ‖ application serial8 → terminal sequence4 ‖ MAC1) and MAC2 verification <c>80 72 00 00 04</c>.
/// The PSAM counts its own terminal sequence numbers and keeps the session of its last MAC1 until the next one
/// (or a reset), so a terminal can still verify the MAC2 a torn purchase's card gives on GET TRANSACTION PROVE.
/// </summary>
internal sealed class PsamPurchase
{
    private const int Mac1InputLength = 0x1C;
    private const ushort MacInvalid = 0x9302;

    private readonly byte[] _terminalId;
    private readonly byte _keyVersion;
    private readonly byte[]? _purchaseMasterKey;
    private uint _terminalSequence;
    private Session? _session;

    /// <param name="terminalId">The 6-byte terminal id the PSAM signs MAC1 with.</param>
    /// <param name="purchaseMasterKey">The transit issuer's purchase master key, or null for a PSAM without one.</param>
    /// <param name="keyVersion">The key version the master key is stored under.</param>
    public PsamPurchase(byte[] terminalId, byte[]? purchaseMasterKey, byte keyVersion)
    {
        _terminalId = terminalId;
        _purchaseMasterKey = purchaseMasterKey;
        _keyVersion = keyVersion;
    }

    public void Reset() => _session = null;

    // 80 70 00 00 1C.
    public CardAnswer ComputeMac1(CommandApdu command)
    {
        if (command.P1 != 0x00 || command.P2 != 0x00)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var data = command.Data.Span;
        if (data.Length != Mac1InputLength)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        var random = data[..4];
        var counter = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        var amount = BinaryPrimitives.ReadUInt32BigEndian(data[6..]);
        var type = data[10];
        var dateTime = data[11..18];
        var keyVersion = data[18];
        var serial = data[20..28];
        if (type != PurseScheme.PurchaseType)
        {
            return CardAnswer.Status(Sw.IncorrectData);
        }
        if (PurseScheme.AlgorithmOf(data[19]) is not { } algorithm)
        {
            return CardAnswer.Status(Sw.IncorrectData);
        }
        if (_purchaseMasterKey is null || keyVersion != _keyVersion)
        {
            return CardAnswer.Status(Sw.KeyIndexNotSupported);
        }
        _session = null;
        _terminalSequence++;
        var purchaseKey = PurseScheme.CardKey(algorithm, _purchaseMasterKey, serial);
        var sessionKey = PurseScheme.SessionKey(algorithm, purchaseKey, random, counter, _terminalSequence);
        var mac1 = PurseScheme.Mac1(algorithm, sessionKey, amount, _terminalId, dateTime);
        _session = new Session(algorithm, sessionKey, amount);
        return CardAnswer.Ok([.. PurseScheme.Be32(_terminalSequence), .. mac1]);
    }

    // 80 72 00 00 04 MAC2: 9000 when the card's MAC2 is right for the last MAC1's purchase; the session stays
    // open after a wrong MAC2 so a genuine one recovered later still verifies.
    public CardAnswer VerifyMac2(CommandApdu command)
    {
        if (command.P1 != 0x00 || command.P2 != 0x00)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (command.Data.Length != PurseScheme.MacLength)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (_session is not { } session)
        {
            return CardAnswer.Status(Sw.ConditionsNotSatisfied);
        }
        var expected = PurseScheme.Mac2(session.Algorithm, session.Key, session.AmountFen);
        if (!CryptographicOperations.FixedTimeEquals(expected, command.Data.Span))
        {
            return CardAnswer.Status(MacInvalid);
        }
        _session = null;
        return CardAnswer.Success;
    }

    private sealed record Session(CardAlgorithm Algorithm, byte[] Key, uint AmountFen);
}
