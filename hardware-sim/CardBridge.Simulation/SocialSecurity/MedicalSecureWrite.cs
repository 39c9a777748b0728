using System.Security.Cryptography;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.FileSystem;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// Secure-messaging writes to the DF04 offline-settlement files (DESIGN §8): UPDATE RECORD
/// <c>04 DC rec (SFI&lt;&lt;3)|4 Lc data ‖ MAC</c> on EF06 and APPEND RECORD <c>04 E2 00 SFI&lt;&lt;3 Lc data ‖ MAC</c>
/// on EF08. The MAC is the first 4 bytes of the card MAC (<see cref="CardCipher.Mac"/>, zero IV) over
/// <c>CLA INS P1 P2 Lc data</c>, keyed with the session key of UK2DF04 and the last GET CHALLENGE
/// (<see cref="KeyDiversification.SessionKey"/>; a 4-byte challenge is extended with 00000000). Every write
/// consumes the challenge, so each needs a fresh one: 6982 without it, 9302 when the MAC is wrong.
/// </summary>
internal static class MedicalSecureWrite
{
    public const byte InsAppendRecord = 0xE2;
    public const byte InsUpdateRecord = 0xDC;

    /// <summary>Length of the MAC trailing the data.</summary>
    public const int MacLength = 4;

    private const byte OfflineStateSfi = 0x06;
    private const byte DetailSfi = 0x08;
    private const ushort MacInvalid = 0x9302;

    public static CardAnswer Execute(CommandApdu command, CardFileSystem files, CardKey updateKey, CardAlgorithm algorithm, ref byte[]? challenge)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(updateKey);
        var random = challenge;
        challenge = null;
        if (command.Data.Length <= MacLength || command.Ne != 0)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (!files.CurrentDf.IsWithin(updateKey.Owner) || !files.CurrentDf.Aid.Span.SequenceEqual(SocialSecurityLayout.MedicalAid.Span))
        {
            return CardAnswer.Status(Sw.SecurityStatusNotSatisfied);
        }
        if (random is null)
        {
            return CardAnswer.Status(Sw.SecurityStatusNotSatisfied);
        }
        var data = command.Data.Span[..^MacLength];
        var expected = Mac(algorithm, updateKey.Value, random, command.Cla, command.Ins, command.P1, command.P2, data);
        if (!CryptographicOperations.FixedTimeEquals(expected, command.Data.Span[^MacLength..]))
        {
            return CardAnswer.Status(MacInvalid);
        }
        return command.Ins == InsAppendRecord ? Append(command, files, data) : Update(command, files, data);
    }

    /// <summary>The 4-byte MAC of a secure-messaging command: shared with the tests and the PSAM's description.</summary>
    public static byte[] Mac(CardAlgorithm algorithm, ReadOnlySpan<byte> cardKey, ReadOnlySpan<byte> challenge,
        byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        Span<byte> random = stackalloc byte[KeyDiversification.FactorLength];
        challenge[..Math.Min(challenge.Length, random.Length)].CopyTo(random);
        var sessionKey = KeyDiversification.SessionKey(algorithm, cardKey, random);
        byte[] input = [cla, ins, p1, p2, (byte)(data.Length + MacLength), .. data];
        var iv = new byte[CardCipher.BlockSize(algorithm)];
        return CardCipher.Mac(algorithm, sessionKey, iv, input)[..MacLength];
    }

    private static CardAnswer Append(CommandApdu command, CardFileSystem files, ReadOnlySpan<byte> data)
    {
        if (command.P1 != 0 || (command.P2 & 0x07) != 0)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (Target(files, (byte)(command.P2 >> 3), DetailSfi) is not { } file)
        {
            return CardAnswer.Status(Sw.FileNotFound);
        }
        if (data.Length != SocialSecurityLayout.DetailRecordLength)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        return file.Append(data.ToArray()) ? CardAnswer.Success : CardAnswer.Status(Sw.ConditionsNotSatisfied);
    }

    private static CardAnswer Update(CommandApdu command, CardFileSystem files, ReadOnlySpan<byte> data)
    {
        if ((command.P2 & 0x07) != 0x04)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (Target(files, (byte)(command.P2 >> 3), OfflineStateSfi) is not { } file)
        {
            return CardAnswer.Status(Sw.FileNotFound);
        }
        if (file.Record(command.P1) is not { } record)
        {
            return CardAnswer.Status(Sw.RecordNotFound);
        }
        if (data.Length != record.Length)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        file.Replace(command.P1, data.ToArray());
        return CardAnswer.Success;
    }

    private static RecordFile? Target(CardFileSystem files, byte sfi, byte allowedSfi) =>
        sfi == allowedSfi ? files.CurrentDf.FindBySfi(sfi) as RecordFile : null;
}
