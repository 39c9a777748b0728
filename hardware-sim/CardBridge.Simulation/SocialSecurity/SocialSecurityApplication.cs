using System.Security.Cryptography;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.DataElements;
using CardBridge.Simulation.FileSystem;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// The command set of the simulated social security card (DESIGN §8): the file commands plus VERIFY, CHANGE
/// PIN, GET CHALLENGE, INTERNAL and EXTERNAL AUTHENTICATE, the transit purse and the DF04 medical purse (CLA B0).
/// Not thread-safe: <see cref="CardProcessor"/> serialises calls.
/// </summary>
internal sealed partial class SocialSecurityApplication
{
    private const byte ClaIso = 0x00;
    private const byte ClaProprietary = 0x80;
    private const int MaxPinBytes = 8;
    private const int AuthInputLength = 16;

    private readonly CardFileSystem _files;
    private readonly Dictionary<byte, CardKey> _keys;
    private readonly CardAlgorithm _algorithm;
    private readonly Random _random;
    private readonly int _pinTries;
    private byte[] _pin;
    private byte[]? _challenge;
    private readonly Transit.SimulatedPurse? _purse;
    private readonly SimulatedMedicalPurse _medicalPurse;

    public SocialSecurityApplication(SocialSecurityProfile profile, IssuerKeyFile issuerKeys, Random random)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(issuerKeys);
        var (mf, ssse, cardId) = SocialSecurityLayout.Build(profile);
        _files = new CardFileSystem(mf);
        _algorithm = profile.Algorithm;
        _random = random;
        _pin = Bcd.EncodePin(profile.Pin);
        _pinTries = profile.PinTries;
        PinTriesLeft = profile.PinTriesLeft;
        CardIdentificationCode = cardId;
        _keys = [];
        foreach (var usage in Enum.GetValues<IssuerKeyUsage>())
        {
            var key = issuerKeys.CardKey(profile.KeySet, profile.Algorithm, usage, cardId);
            _keys[CardKeyIds.For(usage)] = new CardKey(usage, key, ssse, profile.KeyTries);
        }
        _purse = profile.Transit is { } transit ? new Transit.SimulatedPurse(transit, _files, random) : null;
        _medicalPurse = new SimulatedMedicalPurse(_files, profile.Algorithm, profile.Medical.PurseBalanceFen,
            new PurchaseKeys(_keys[CardKeyIds.PurchaseDf04].Value, _keys[CardKeyIds.TacDf04].Value), random);
    }

    public byte[] CardIdentificationCode { get; }

    public int PinTriesLeft { get; private set; }

    public Transit.SimulatedPurse? Purse => _purse;

    public SimulatedMedicalPurse MedicalPurse => _medicalPurse;

    public void Reset()
    {
        _files.Reset();
        _challenge = null;
        _purse?.Reset();
        _medicalPurse.Reset();
    }

    public CardAnswer Execute(CommandApdu command)
    {
        switch (command.Cla)
        {
            case 0x84 when command.Ins == 0x24: return ReloadPin(command);
            case 0x04 when command.Ins is MedicalSecureWrite.InsAppendRecord or MedicalSecureWrite.InsUpdateRecord:
                return MedicalSecureWrite.Execute(command, _files, _keys[CardKeyIds.Uk2Df04], _algorithm, ref _challenge);
            case SimulatedMedicalPurse.Cla:
                return _medicalPurse.Execute(command);
            case 0x04 or 0x84:
                // Secure messaging is simulated only for PIN reload/unblock and the DF04 writes above: no other MAC this card receives can be correct.
                return CardAnswer.Status(Sw.IncorrectSecureMessaging);
            case not (ClaIso or ClaProprietary):
                return CardAnswer.Status(Sw.ClaNotSupported);
        }
        return (command.Cla, command.Ins) switch
        {
            (ClaIso, 0xA4) => Select(command),
            (ClaIso, 0xB0) => _files.ReadBinary(command),
            (ClaIso, 0xB2) => _files.ReadRecord(command),
            (ClaIso, 0xD6) => _files.UpdateBinary(command),
            (ClaIso, 0xDC) => _files.UpdateRecord(command),
            (ClaIso, 0x20) => Verify(command),
            (ClaIso, 0x84) => GetChallenge(command),
            (ClaIso, 0x88) => InternalAuthenticate(command),
            (ClaIso, 0x82) => ExternalAuthenticate(command),
            (ClaProprietary, 0x5E) => ChangePin(command),
            (ClaProprietary, 0x50 or 0x54 or 0x5A or 0x5C) when _purse is not null => _purse.Execute(command),
            (_, 0xA4 or 0xB0 or 0xB2 or 0xD6 or 0xDC or 0x20 or 0x84 or 0x88 or 0x82 or 0x5E) =>
                CardAnswer.Status(Sw.ClaNotSupported),
            _ => CardAnswer.Status(Sw.InsNotSupported),
        };
    }

    private CardAnswer Select(CommandApdu command)
    {
        var before = _files.CurrentDf;
        var answer = _files.Select(command);
        if (!ReferenceEquals(before, _files.CurrentDf))
        {
            _challenge = null;
        }
        return answer;
    }

    // VERIFY 00 20 00 00 Lc PIN; without data it reports the counter (ISO/IEC 7816-4 §11.5.6).
    private CardAnswer Verify(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (command.Data.Length > MaxPinBytes)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (PinTriesLeft == 0)
        {
            return CardAnswer.Status(Sw.AuthenticationBlocked);
        }
        if (command.Data.IsEmpty)
        {
            return _files.Security.PinVerified ? CardAnswer.Success : CardAnswer.Status(Sw.TriesLeft(PinTriesLeft));
        }
        return CheckPin(command.Data.Span);
    }

    // CHANGE PIN 80 5E 01 00 Lc old ‖ FF ‖ new.
    private CardAnswer ChangePin(CommandApdu command)
    {
        if (command.P1 != 0x01 || command.P2 != 0x00)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var data = command.Data.Span;
        var separator = data.IndexOf((byte)0xFF);
        if (separator < 1 || separator == data.Length - 1 || separator > MaxPinBytes || data.Length - separator - 1 > MaxPinBytes)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        var newPin = data[(separator + 1)..];
        if (!Bcd.IsPackedPin(newPin))
        {
            return CardAnswer.Status(Sw.IncorrectData);
        }
        if (PinTriesLeft == 0)
        {
            return CardAnswer.Status(Sw.AuthenticationBlocked);
        }
        var check = CheckPin(data[..separator]);
        if (check.StatusWord != Sw.Success)
        {
            return check;
        }
        _pin = newPin.ToArray();
        return CardAnswer.Success;
    }

    private CardAnswer CheckPin(ReadOnlySpan<byte> offered)
    {
        if (CryptographicOperations.FixedTimeEquals(offered, _pin))
        {
            PinTriesLeft = _pinTries;
            _files.Security.PinPassed(_files.MasterFile);
            return CardAnswer.Success;
        }
        PinTriesLeft--;
        _files.Security.PinFailed();
        return CardAnswer.Status(Sw.TriesLeft(PinTriesLeft));
    }

    // GET CHALLENGE 00 84 00 00 Le: 4 or 8 random bytes, kept for the next EXTERNAL AUTHENTICATE.
    private CardAnswer GetChallenge(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (command.Data.Length > 0 || command.Ne == 0)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (command.Ne is not (4 or 8))
        {
            return CardAnswer.Status(Sw.ExactLength(8));
        }
        var challenge = new byte[command.Ne];
        _random.NextBytes(challenge);
        _challenge = challenge;
        return CardAnswer.Ok((byte[])challenge.Clone());
    }

    // INTERNAL AUTHENTICATE 00 88 00 keyId 10: diversification input (8) ‖ random (8) → E(key, random).
    private CardAnswer InternalAuthenticate(CommandApdu command)
    {
        if (command.P1 != 0)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (command.Data.Length != AuthInputLength)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (ReachableKey(command.P2, IssuerKeyUsage.InternalAuth) is not { } key)
        {
            return CardAnswer.Status(Sw.ReferencedDataNotFound);
        }
        return CardAnswer.Ok(CardCrypto.Encipher(_algorithm, key.Value, command.Data.Span[8..]));
    }

    // EXTERNAL AUTHENTICATE 00 82 00 keyId Lc: the terminal proves the key with E(key, last challenge).
    private CardAnswer ExternalAuthenticate(CommandApdu command)
    {
        if (command.P1 != 0)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (ReachableKey(command.P2, IssuerKeyUsage.Rkssse) is not { } key)
        {
            return CardAnswer.Status(Sw.ReferencedDataNotFound);
        }
        if (key.Blocked)
        {
            return CardAnswer.Status(Sw.AuthenticationBlocked);
        }
        if (_challenge is not { } challenge)
        {
            return CardAnswer.Status(Sw.ReferenceDataNotUsable);
        }
        _challenge = null;
        var expected = CardCrypto.Encipher(_algorithm, key.Value, challenge);
        if (command.Data.Length != expected.Length)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (!CryptographicOperations.FixedTimeEquals(command.Data.Span, expected))
        {
            key.Failed();
            return CardAnswer.Status(Sw.VerificationFailed);
        }
        key.Passed();
        _files.Security.KeyPassed(command.P2, key.Owner);
        return CardAnswer.Success;
    }

    private CardKey? ReachableKey(byte keyId, IssuerKeyUsage usage) =>
        _keys.TryGetValue(keyId, out var key) && key.Usage == usage && _files.CurrentDf.IsWithin(key.Owner) ? key : null;
}
