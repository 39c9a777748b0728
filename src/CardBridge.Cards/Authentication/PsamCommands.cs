using CardBridge.Iso7816;

namespace CardBridge.Cards.Authentication;

/// <summary>
/// The PSAM's commands by name (DESIGN §8): its terminal number, and the key commands of the genuine-card check and
/// of secure messaging — a master key diversified into a working key, then data enciphered or MACed with it.
/// </summary>
internal static class PsamCommands
{
    /// <summary>Length of the terminal number: 6 bytes BCD, 12 digits.</summary>
    public const int TerminalNumberLength = 6;

    /// <summary>READ BINARY of the terminal number file (SFI 16 under the PSAM's MF).</summary>
    public static CommandApdu ReadTerminalNumber() => CommandApdu.ReadBinary(0x16, TerminalNumberLength);

    /// <summary>
    /// INIT FOR DESCRYPT <c>80 1A usage index</c>: diversifies the master key of <paramref name="usage"/> stored at
    /// <paramref name="keyIndex"/> with <paramref name="factors"/> (8·n bytes) into the working key.
    /// </summary>
    public static CommandApdu InitForDescrypt(byte usage, byte keyIndex, ReadOnlyMemory<byte> factors) =>
        new(0x80, 0x1A, usage, keyIndex, factors);

    /// <summary>CIPHER DATA <c>80 FA 00 00</c>: <paramref name="data"/> enciphered with the working key (Le 00).</summary>
    public static CommandApdu CipherData(ReadOnlyMemory<byte> data) => new(0x80, 0xFA, 0x00, 0x00, data, CommandApdu.MaxShortNe);

    /// <summary>MAC CALCULATION <c>80 FA 05 00</c>: the working key's MAC over <paramref name="data"/> (Le 00).</summary>
    public static CommandApdu MacCalculation(ReadOnlyMemory<byte> data) => new(0x80, 0xFA, 0x05, 0x00, data, CommandApdu.MaxShortNe);
}
