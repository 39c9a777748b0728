namespace CardBridge.Service.Simulation;

/// <summary>
/// Simulator mode (section <c>Simulation</c>; <c>--simulate</c> sets <see cref="Enabled"/>): in-process simulated
/// readers and cards instead of PC/SC, for trying the service out and for tests. Never for production.
/// </summary>
internal sealed class SimulationOptions
{
    public const string Section = "Simulation";

    public bool Enabled { get; set; }

    /// <summary>The simulated readers holding people's cards.</summary>
    public List<string> Readers { get; set; } = [];

    /// <summary>Readers with a PIN pad (PC/SC part 10 VERIFY_PIN_DIRECT); SimulatorService.PressKeys types on them.</summary>
    public List<string> PinPadReaders { get; set; } = [];

    /// <summary>Cards inserted at start: reader name → profile name.</summary>
    public Dictionary<string, string> InitialCards { get; set; } = [];

    /// <summary>Put the simulated PSAM in its own slot, so 3.00 cards show their holder data.</summary>
    public bool Psam { get; set; } = true;

    /// <summary>
    /// Start the simulated HSM platform in process and check cards through it when <c>Hsm:ServiceUri</c> names no real
    /// one: with <see cref="Psam"/> false, the terminal opens 3.00 holder data through the HSM alone.
    /// </summary>
    public bool Hsm { get; set; }

    /// <summary>
    /// Simulated QR scanners: SimulatorService.PresentCode "holds" a code made by the in-process simulated platform or
    /// transit issuer to one of them.
    /// </summary>
    public List<string> Scanners { get; set; } = [];

    /// <summary>The PSAM slot's reader name.</summary>
    public string PsamReader { get; set; } = "Simulated PSAM";

    /// <summary>
    /// The profile of the PSAM in its slot: <c>psam</c> serves every simulated card, <c>psam-no-rkssse</c> lacks SM4 and
    /// RKSSSE, so 3.00 cards fall back to the HSM (<see cref="Hsm"/>).
    /// </summary>
    public string PsamProfile { get; set; } = "psam";

    /// <summary>
    /// Where simulator mode keeps its state unless a key names another place: the journal and its generated keys
    /// (<c>journal.db</c>, <c>journal.keys.json</c>), the gate's rider lists and interrupted purchases
    /// (<c>transit-lists.json</c>, <c>transit-pending.db</c>) and the QR replay cache (<c>qr-replay.db</c>). Empty: a
    /// directory of its own under the user's temporary directory, one per working directory
    /// (<c>cardbridge-simulation-USER/HASH</c>), so a demo run from a checkout leaves nothing in it and a restart from
    /// the same directory finds its journal again.
    /// </summary>
    public string StateDirectory { get; set; } = "";
}
