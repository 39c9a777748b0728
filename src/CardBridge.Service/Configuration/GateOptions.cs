namespace CardBridge.Service.Configuration;

/// <summary>
/// Gate mode (section <c>Transit</c>, key <c>Gates</c>): each gate taps automatically the moment a card is pre-read in
/// its reader or a transit code from its scanner is verified, and streams its decisions (TransitService.WatchDecisions).
/// </summary>
internal sealed class GateModeOptions
{
    public List<GateOptions> Gates { get; set; } = [];
}

/// <summary>One gate in gate mode.</summary>
internal sealed class GateOptions
{
    /// <summary>The gate's id in decisions and the ride journal: 1 to 32 letters, digits, '-' or '_'.</summary>
    public string Id { get; set; } = "";

    /// <summary>The contactless reader of the gate; none when empty.</summary>
    public string Reader { get; set; } = "";

    /// <summary>The QR scanner of the gate; none when empty.</summary>
    public string Scanner { get; set; } = "";

    /// <summary>The line the gate serves (its fare).</summary>
    public string Line { get; set; } = "";

    /// <summary>The stop the gate is at.</summary>
    public string Stop { get; set; } = "";
}
