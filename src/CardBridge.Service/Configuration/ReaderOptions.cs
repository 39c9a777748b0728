namespace CardBridge.Service.Configuration;

/// <summary>The PC/SC readers the service works with (section <c>Readers</c>).</summary>
internal sealed class ReaderOptions
{
    public const string Section = "Readers";

    /// <summary>The reader holding the PSAM for the genuine-card check and 3.00 holder data; none when empty.</summary>
    public string? PsamReader { get; set; }

    /// <summary>Readers the service must leave alone (owned by another program).</summary>
    public List<string> Excluded { get; set; } = [];

    /// <summary>
    /// How cards meet each reader, which PC/SC does not tell: reader name → <c>Contact</c> or <c>Contactless</c>.
    /// ListReaders reports it; a reader not named here is reported as unspecified.
    /// </summary>
    public Dictionary<string, ReaderInterfaceKind> Interfaces { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Also read each card's bank account reference (UnionPay PAN and expiry) at arrival, so CardService.ReadBankAccount
    /// answers without touching the card: for bank counters paying out into it. It costs every card 2 APDUs more.
    /// </summary>
    public bool PreReadBankAccount { get; set; }

    /// <summary>PSAM key index (P2 of INIT FOR DESCRYPT), 1 to 255.</summary>
    public int PsamKeyIndex { get; set; } = 1;
}
