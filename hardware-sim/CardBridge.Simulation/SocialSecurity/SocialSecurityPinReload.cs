using System.Security.Cryptography;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.DataElements;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// PIN reload / unblock under secure messaging, <c>84 24 00 01|00</c> (DESIGN §8). The scheme the terminal follows
/// (CardBridge.Cards.Pin.ISecureMessagingKey): session key = RKSSSE diversified once more with the last GET CHALLENGE;
/// MAC = first 4 bytes of the full-cipher CBC-MAC (zero IV) over header ‖ data padded 80 00… to the block size.
/// P2 01 reloads (data = new PIN ‖ MAC), P2 00 unblocks (data = MAC): both restore the full retry counter.
/// </summary>
internal sealed partial class SocialSecurityApplication
{
    private const int MacLength = 4;

    private CardAnswer ReloadPin(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 is not (0x00 or 0x01))
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        var data = command.Data.Span;
        var pinLength = data.Length - MacLength;
        if (pinLength < 0 || (command.P2 == 0x00 && pinLength != 0) || (command.P2 == 0x01 && pinLength is 0 or > MaxPinBytes))
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (ReachableKey(CardKeyIds.Rkssse, IssuerKeyUsage.Rkssse) is not { } key)
        {
            return CardAnswer.Status(Sw.ReferencedDataNotFound);
        }
        if (_challenge is not { Length: KeyDiversification.FactorLength } challenge)
        {
            return CardAnswer.Status(Sw.ReferenceDataNotUsable);
        }
        _challenge = null;
        var sessionKey = KeyDiversification.SessionKey(_algorithm, key.Value, challenge);
        byte[] header = [command.Cla, command.Ins, command.P1, command.P2, (byte)data.Length];
        var mac = SecureMessagingMac(_algorithm, sessionKey, [.. header, .. data[..pinLength]]);
        if (!CryptographicOperations.FixedTimeEquals(mac, data[pinLength..]))
        {
            return CardAnswer.Status(Sw.IncorrectSecureMessaging);
        }
        if (command.P2 == 0x01)
        {
            var newPin = data[..pinLength];
            if (!Bcd.IsPackedPin(newPin))
            {
                return CardAnswer.Status(Sw.IncorrectData);
            }
            _pin = newPin.ToArray();
        }
        PinTriesLeft = _pinTries;
        return CardAnswer.Success;
    }

    private static byte[] SecureMessagingMac(CardAlgorithm algorithm, byte[] sessionKey, ReadOnlySpan<byte> headerAndData)
    {
        var blockSize = CardCipher.BlockSize(algorithm);
        var padded = CardCipher.Pad80(headerAndData, blockSize);
        var chain = new byte[blockSize];
        for (var at = 0; at < padded.Length; at += blockSize)
        {
            for (var i = 0; i < blockSize; i++)
            {
                chain[i] ^= padded[at + i];
            }
            chain = CardCipher.EncryptEcb(algorithm, sessionKey, chain);
        }
        return chain[..MacLength];
    }
}
