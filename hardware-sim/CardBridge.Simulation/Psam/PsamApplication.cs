using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.DataElements;
using CardBridge.Simulation.FileSystem;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.Psam;

/// <summary>
/// The PSAM's command set: SELECT of its environments, READ BINARY of the terminal number (SFI 16), and the
/// diversify-then-encipher pair INIT FOR DESCRYPT <c>80 1A usage index</c> / CIPHER DATA <c>80 FA 00 00</c>, and the
/// purse purchase MACs of both purses (<see cref="PsamPurse"/>).
/// </summary>
internal sealed class PsamApplication
{
    /// <summary>SFI of the terminal number EF under the MF.</summary>
    public const byte TerminalNumberSfi = 0x16;

    public static readonly ReadOnlyMemory<byte> DesEnvironmentAid = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");
    public static readonly ReadOnlyMemory<byte> SmEnvironmentAid = Convert.FromHexString("7378322E73682EC9E7BBE1B1A3D5CF");
    public static readonly ReadOnlyMemory<byte> ApplicationAid = Convert.FromHexString("D15600000590");

    private const int FactorLength = 8;

    private readonly CardFileSystem _files;
    private readonly Dictionary<DedicatedFile, CardAlgorithm> _environments = [];
    private readonly Dictionary<(CardAlgorithm, byte Usage, byte Index), byte[]> _masterKeys = [];
    private (CardAlgorithm Algorithm, byte[] Key)? _workingKey;
    private readonly PsamPurse _purse;

    public PsamApplication(PsamProfile profile, IssuerKeyFile issuerKeys)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(issuerKeys);
        var mf = new DedicatedFile(0x3F00, default);
        mf.Add(new BinaryFile(0x0016, TerminalNumberSfi, AccessRule.Always, AccessRule.Denied, Bcd.Encode(profile.TerminalNumber, 6)));
        foreach (var environment in profile.Environments)
        {
            var (aid, algorithm) = environment == PsamEnvironment.Des
                ? (DesEnvironmentAid, CardAlgorithm.Des3)
                : (SmEnvironmentAid, CardAlgorithm.Sm4);
            var df = mf.Add(new DedicatedFile(null, aid));
            _environments[df] = algorithm;
            if (environment == PsamEnvironment.Des)
            {
                _environments[df.Add(new DedicatedFile(null, ApplicationAid))] = algorithm;
            }
            foreach (var usage in Enum.GetValues<IssuerKeyUsage>())
            {
                // The TAC key of the medical purse is the card's and the centre's only.
                if ((usage == IssuerKeyUsage.Rkssse && !profile.HasRkssse) || usage == IssuerKeyUsage.TacDf04)
                {
                    continue;
                }
                if (issuerKeys.MasterKey(profile.KeySet, algorithm, usage) is { } key)
                {
                    _masterKeys[(algorithm, (byte)usage, profile.KeyIndex)] = key.ToArray();
                }
            }
        }
        _files = new CardFileSystem(mf);
        TerminalNumber = profile.TerminalNumber;
        _purse = new PsamPurse(Bcd.Encode(profile.TerminalNumber, 6),
            profile.TransitPurchaseKey is { } transit ? new PurchaseMasterKey(transit, 0x01) : null,
            (algorithm, version) => _masterKeys.GetValueOrDefault((algorithm, (byte)IssuerKeyUsage.PurchaseDf04, version)));
    }

    public string TerminalNumber { get; }

    public void Reset()
    {
        _files.Reset();
        _workingKey = null;
        _purse.Reset();
    }

    public CardAnswer Execute(CommandApdu command) => (command.Cla, command.Ins) switch
    {
        (0x00, 0xA4) => Select(command),
        (0x00, 0xB0) => _files.ReadBinary(command),
        (0x00, 0xB2) => _files.ReadRecord(command),
        (0x80, 0x1A) => InitForDescrypt(command),
        (0x80, 0xFA) when command.P1 == PsamMac.P1 => PsamMac.Compute(_workingKey, command),
        (0x80, 0xFA) => CipherData(command),
        (0x80, 0x70) => _purse.ComputeMac1(command),
        (0x80, 0x72) => _purse.VerifyMac2(command),
        (not (0x00 or 0x80), _) => CardAnswer.Status(Sw.ClaNotSupported),
        (_, 0xA4 or 0xB0 or 0xB2 or 0x1A or 0xFA) => CardAnswer.Status(Sw.ClaNotSupported),
        _ => CardAnswer.Status(Sw.InsNotSupported),
    };

    private CardAnswer Select(CommandApdu command)
    {
        var before = _files.CurrentDf;
        var answer = _files.Select(command);
        if (!ReferenceEquals(before, _files.CurrentDf))
        {
            _workingKey = null;
        }
        return answer;
    }

    // INIT FOR DESCRYPT 80 1A usage index Lc factors: working key = master key diversified by each 8-byte factor.
    private CardAnswer InitForDescrypt(CommandApdu command)
    {
        if (!_environments.TryGetValue(_files.CurrentDf, out var algorithm))
        {
            return CardAnswer.Status(Sw.ConditionsNotSatisfied);
        }
        if (command.Data.IsEmpty || command.Data.Length % FactorLength != 0 || command.Ne != 0)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (!_masterKeys.TryGetValue((algorithm, command.P1, command.P2), out var master))
        {
            _workingKey = null;
            return CardAnswer.Status(Sw.KeyIndexNotSupported);
        }
        var factors = new List<ReadOnlyMemory<byte>>();
        for (var at = 0; at < command.Data.Length; at += FactorLength)
        {
            factors.Add(command.Data.Slice(at, FactorLength));
        }
        _workingKey = (algorithm, KeyDiversification.Diversify(algorithm, master, factors));
        return CardAnswer.Success;
    }

    // CIPHER DATA 80 FA 00 00 Lc data: encrypts with the working key.
    private CardAnswer CipherData(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (command.Data.IsEmpty)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (_workingKey is not { } working)
        {
            return CardAnswer.Status(Sw.ConditionsNotSatisfied);
        }
        return CardAnswer.Ok(CardCrypto.Encipher(working.Algorithm, working.Key, command.Data.Span));
    }
}
