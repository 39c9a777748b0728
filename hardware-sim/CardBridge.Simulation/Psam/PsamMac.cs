using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;

namespace CardBridge.Simulation.Psam;

/// <summary>
/// MAC CALCULATION <c>80 FA 05 00 Lc input</c>: the first 4 bytes of the card MAC (<see cref="CardCipher.Mac"/>,
/// zero IV) of the input under the working key of the last INIT FOR DESCRYPT. For a secure-messaging write the
/// terminal first sends <c>80 1A 42 index</c> (UK2DF04) with the card's two factors followed by the card's 8-byte
/// challenge as a third factor, which makes the working key the session key; the session key never leaves the PSAM.
/// </summary>
internal static class PsamMac
{
    /// <summary>P1 of CIPHER DATA selecting the MAC.</summary>
    public const byte P1 = 0x05;

    private const int MacLength = 4;

    public static CardAnswer Compute((CardAlgorithm Algorithm, byte[] Key)? workingKey, CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.P2 != 0)
        {
            return CardAnswer.Status(Sw.IncorrectP1P2);
        }
        if (command.Data.IsEmpty)
        {
            return CardAnswer.Status(Sw.WrongLength);
        }
        if (workingKey is not { } working)
        {
            return CardAnswer.Status(Sw.ConditionsNotSatisfied);
        }
        var iv = new byte[CardCipher.BlockSize(working.Algorithm)];
        return CardAnswer.Ok(CardCipher.Mac(working.Algorithm, working.Key, iv, command.Data.Span)[..MacLength]);
    }
}
