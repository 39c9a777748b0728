namespace CardBridge.Service.Configuration;

/// <summary>This terminal in settlement (section <c>Settlement</c>).</summary>
internal sealed class SettlementOptions
{
    public const string Section = "Settlement";

    /// <summary>The terminal's 12-digit number (the PSAM's terminal number), written into every journal record it makes.</summary>
    public string TerminalId { get; set; } = "";
}
