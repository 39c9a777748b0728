using System.Text;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.Psam;

/// <summary>
/// A simulated PSAM (the terminal's secure access module, second reader slot) holding the issuer master keys
/// under the usage codes of <see cref="IssuerKeyUsage"/> at one key index, in the environments its profile
/// lists.
/// </summary>
public sealed class SimulatedPsam : ISimulatedCard
{
    private readonly PsamApplication _application;
    private readonly CardProcessor _processor;
    private readonly byte[] _atr;

    internal SimulatedPsam(PsamProfile profile, IssuerKeyFile issuerKeys)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _application = new PsamApplication(profile, issuerKeys);
        _processor = new CardProcessor(Faults, profile.T0GetResponse, _application.Execute, _application.Reset);
        // 3B 68 00 00: T=0 only, eight historical bytes "SIMPSAM1".
        _atr = profile.Atr ?? [0x3B, 0x68, 0x00, 0x00, .. Encoding.ASCII.GetBytes("SIMPSAM1")];
        ProfileName = profile.Name;
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> Atr => _atr;

    /// <inheritdoc />
    public CardFaults Faults { get; } = new();

    /// <summary>The profile the PSAM was built from.</summary>
    public string ProfileName { get; }

    /// <summary>The terminal number (12 digits) the PSAM reports in its SFI 16 file.</summary>
    public string TerminalNumber => _application.TerminalNumber;

    /// <inheritdoc />
    public void Reset() => _processor.Reset();

    /// <inheritdoc />
    public SimulatedReply Process(ReadOnlySpan<byte> command) => _processor.Process(command);
}
