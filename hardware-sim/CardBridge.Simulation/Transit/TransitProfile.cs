using CardBridge.Crypto;

namespace CardBridge.Simulation.Transit;

/// <summary>
/// Personalisation of the T-Union electronic purse (JT/T 978) on a simulated social security card: balance,
/// counters, the application serial the keys are diversified by, and the issuer master keys.
/// </summary>
internal sealed record TransitProfile
{
    /// <summary>SYNTHETIC purchase master key (MPK) of the simulator's transit issuer; the PSAM holds it too.</summary>
    public static readonly ReadOnlyMemory<byte> DefaultPurchaseMasterKey = Convert.FromHexString("945B2946CEBA6843EFFE5E477B063C0F");

    /// <summary>SYNTHETIC TAC master key (MTK) of the simulator's transit issuer; only the card and the centre hold it.</summary>
    public static readonly ReadOnlyMemory<byte> DefaultTacMasterKey = Convert.FromHexString("2AF89D6316760A2446B2FE7FD1DA6BB4");

    /// <summary>Default issuer identification (public info offset 0, 8 bytes).</summary>
    public static readonly ReadOnlyMemory<byte> DefaultIssuerId = Convert.FromHexString("9900010000000000");

    public required uint BalanceFen { get; init; }

    /// <summary>8 bytes at offset 12 of the public information file (SFI 15): the keys' diversification factor.</summary>
    public required byte[] ApplicationSerial { get; init; }

    public CardAlgorithm Algorithm { get; init; } = CardAlgorithm.Des3;

    /// <summary>Key index the terminal names in INITIALIZE FOR PURCHASE.</summary>
    public byte KeyIndex { get; init; } = 0x01;

    /// <summary>Key version the card reports (the PSAM picks its master key by it).</summary>
    public byte KeyVersion { get; init; } = 0x01;

    /// <summary>Overdraft limit (3 bytes on the card).</summary>
    public uint OverdraftLimitFen { get; init; }

    public ushort OfflineCounter { get; init; }

    /// <summary>Capacity of the cyclic transaction record file (SFI 18).</summary>
    public int RecordCapacity { get; init; } = 10;

    public byte[] IssuerId { get; init; } = DefaultIssuerId.ToArray();

    public DateOnly ValidFrom { get; init; } = new(2024, 3, 1);

    public DateOnly ValidUntil { get; init; } = new(2034, 3, 1);

    public byte[] PurchaseMasterKey { get; init; } = DefaultPurchaseMasterKey.ToArray();

    public byte[] TacMasterKey { get; init; } = DefaultTacMasterKey.ToArray();

    /// <summary>The purse a builder card gets: <paramref name="balanceFen"/> and serial 99000100 ‖ the card serial.</summary>
    public static TransitProfile For(uint balanceFen, ReadOnlySpan<byte> cardSerial) =>
        new() { BalanceFen = balanceFen, ApplicationSerial = [0x99, 0x00, 0x01, 0x00, .. cardSerial] };
}
