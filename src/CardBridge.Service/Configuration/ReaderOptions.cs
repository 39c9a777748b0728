namespace CardBridge.Service.Configuration;

/// <summary>The PC/SC readers the service works with (section <c>Readers</c>).</summary>
internal sealed class ReaderOptions
{
    public const string Section = "Readers";

    /// <summary>The reader holding the PSAM for the genuine-card check and 3.00 holder data; none when empty.</summary>
    public string? PsamReader { get; set; }

    /// <summary>Readers the service must leave alone (owned by another program).</summary>
    public List<string> Excluded { get; set; } = [];

    /// <summary>PSAM key index (P2 of INIT FOR DESCRYPT), 1 to 255.</summary>
    public int PsamKeyIndex { get; set; } = 1;
}
