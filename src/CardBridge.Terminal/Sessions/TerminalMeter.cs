namespace CardBridge.Terminal;

/// <summary>
/// The names the terminal's measurements are published under (System.Diagnostics.Metrics), for exporters and
/// listeners to subscribe to.
/// </summary>
public static class TerminalMeter
{
    /// <summary>The meter every terminal instrument belongs to.</summary>
    public const string Name = "CardBridge.Terminal";

    /// <summary>
    /// Histogram of one APDU's round trip to a card in milliseconds, tagged <c>reader</c>, <c>ins</c> (the instruction
    /// byte as two hex digits) and <c>outcome</c> (<c>ok</c>, <c>removed</c>, <c>cancelled</c>, <c>error</c>).
    /// </summary>
    public const string ApduDuration = "cardbridge.apdu.duration";

    /// <summary>
    /// Histogram of the steps of a card's arrival in milliseconds, tagged <c>step</c>: <c>queue</c>, <c>connect</c>,
    /// <c>pre_read</c>, <c>publish</c> and <c>total</c> (from the monitor's report of the card to SessionReady published).
    /// </summary>
    public const string ArrivalDuration = "cardbridge.arrival.duration";
}
