namespace CardBridge.Simulation.Cards;

/// <summary>
/// A card application's answer to one command before transmission rules apply. <see cref="TlvBearing"/> marks
/// data that is BER-TLV (FCI, TLV records), the data a corrupted-TLV fault mangles.
/// </summary>
internal readonly record struct CardAnswer(byte[] Data, ushort StatusWord, bool TlvBearing = false)
{
    public static CardAnswer Status(ushort statusWord) => new([], statusWord);

    public static CardAnswer Ok(byte[] data, bool tlvBearing = false) => new(data, Sw.Success, tlvBearing);

    public static readonly CardAnswer Success = Status(Sw.Success);
}
