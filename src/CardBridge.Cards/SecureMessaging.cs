using CardBridge.Iso7816;

namespace CardBridge.Cards;

/// <summary>
/// Secure messaging of the social security card (DESIGN §8): CLA low nibble 4, a 4-byte MAC over the command header
/// and data appended to the data, the header's Lc counting the MAC.
/// </summary>
internal static class SecureMessaging
{
    /// <summary>Length of the MAC appended to a secured command's data.</summary>
    public const int MacLength = 4;

    /// <summary>What the MAC of <paramref name="command"/> covers: CLA INS P1 P2, Lc with the MAC counted, and the data.</summary>
    public static byte[] MacInput(CommandApdu command) =>
        [command.Cla, command.Ins, command.P1, command.P2, (byte)(command.Data.Length + MacLength), .. command.Data.Span];
}
