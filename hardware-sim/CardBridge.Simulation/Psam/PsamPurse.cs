using System.Buffers.Binary;
using System.Security.Cryptography;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Simulation.Transit;

namespace CardBridge.Simulation.Psam;

/// <summary>
/// The PSAM's part of an e-purse purchase, for both purses of the card (cryptography in <see cref="PurseScheme"/>).
/// MAC1 <c>80 70 P1 00</c>: random4 ‖ offline counter2 ‖ amount4 ‖ type ‖ date-time7 ‖ key version ‖ algorithm,
/// then what the card's purchase key is derived from —
/// <list type="bullet">
/// <item>P1 00, the T-Union transit purse (Lc 1C): application serial8, the transit master key diversified once by it;</item>
/// <item>P1 01, the DF04 medical purse (Lc 2C): card identification code16 ‖ self-pay4 ‖ pooled4, the medical purse
/// master key diversified per card and per split (<see cref="MedicalPurseScheme"/>);</item>
/// </list>
/// → terminal sequence4 ‖ MAC1. MAC2 verification <c>80 72 00 00 04</c> checks the card's MAC2 for the last MAC1.
/// One terminal sequence counter serves both purses, and the session of the last MAC1 stays until the next one (or a
/// reset), so a terminal can still verify the MAC2 a torn purchase's card gives later.
/// </summary>
internal sealed class PsamPurse
{
    public const byte TransitP1 = 0x00;
    public const byte MedicalP1 = 0x01;

    private const int CommonLength = 20;
    private const int SerialLength = 8;
    private const int CardIdentificationCodeLength = 16;
    private const ushort MacInvalid = 0x9302;

    private readonly byte[] _terminalId;
    private readonly PurchaseMasterKey? _transit;
    private readonly Func<CardAlgorithm, byte, byte[]?> _medical;
    private uint _terminalSequence;
    private Session? _session;

    /// <param name="terminalId">The 6-byte terminal id the PSAM signs MAC1 with.</param>
    /// <param name="transit">The transit issuer's purchase master key, or null for a PSAM without it.</param>
    /// <param name="medical">The medical purse purchase master key for an algorithm and key version, or null when the PSAM has none.</param>
    public PsamPurse(byte[] terminalId, PurchaseMasterKey? transit, Func<CardAlgorithm, byte, byte[]?> medical)
    {
        _terminalId = terminalId;
        _transit = transit;
        _medical = medical;
    }

    public void Reset() => _session = null;

    // 80 70 00|01 00.
    public CardAnswer ComputeMac1(CommandApdu command)
    {
        var keyFactorsLength = command.P1 switch
        {
            TransitP1 => SerialLength,
            MedicalP1 => CardIdentificationCodeLength + MedicalPurseScheme.SplitLength,
            _ => -1,
        };
        if (keyFactorsLength < 0 || command.P2 != 0x00)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var data = command.Data.Span;
        if (data.Length != CommonLength + keyFactorsLength)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        var random = data[..4];
        var counter = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        var amount = BinaryPrimitives.ReadUInt32BigEndian(data[6..]);
        var dateTime = data[11..18];
        var keyVersion = data[18];
        var keyFactors = data[CommonLength..];
        if (data[10] != PurseScheme.PurchaseType || PurseScheme.AlgorithmOf(data[19]) is not { } algorithm)
        {
            return CardAnswer.Status(Sw.IncorrectData);
        }
        var masterKey = command.P1 == TransitP1
            ? (_transit is { } transit && transit.Version == keyVersion ? transit.Key : null)
            : _medical(algorithm, keyVersion);
        if (masterKey is null)
        {
            return CardAnswer.Status(Sw.KeyIndexNotSupported);
        }
        _session = null;
        _terminalSequence++;
        var purchaseKey = command.P1 == TransitP1
            ? PurseScheme.CardKey(algorithm, masterKey, keyFactors)
            : MedicalPurseScheme.PurchaseKey(algorithm,
                MedicalPurseScheme.CardKey(algorithm, masterKey, keyFactors[..CardIdentificationCodeLength]),
                keyFactors[CardIdentificationCodeLength..]);
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
