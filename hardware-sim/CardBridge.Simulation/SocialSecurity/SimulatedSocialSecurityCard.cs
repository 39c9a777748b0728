using System.Text;
using CardBridge.Crypto;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// A simulated social security card (2nd or 3rd generation) at the APDU level, personalised from a profile
/// (<see cref="Profiles.CardProfiles"/>) or the test builder (<see cref="Profiles.SimCard"/>). Its keys are
/// the issuer key file's master keys diversified per card (<see cref="CardKeyFactors"/>).
/// </summary>
public sealed class SimulatedSocialSecurityCard : ISimulatedCard
{
    private readonly SocialSecurityApplication _application;
    private readonly CardProcessor _processor;
    private readonly byte[] _atr;

    internal SimulatedSocialSecurityCard(SocialSecurityProfile profile, IssuerKeyFile issuerKeys, Random random)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _application = new SocialSecurityApplication(profile, issuerKeys, random);
        _processor = new CardProcessor(Faults, profile.T0GetResponse, _application.Execute, _application.Reset);
        _atr = profile.Atr ?? DefaultAtr(profile.SpecVersion);
        ProfileName = profile.Name;
        Algorithm = profile.Algorithm;
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> Atr => _atr;

    /// <inheritdoc />
    public CardFaults Faults { get; } = new();

    /// <summary>The profile the card was built from.</summary>
    public string ProfileName { get; }

    /// <summary>The card's cipher (FCI tag 86 of SSSE): SM4 on third-generation cards, 3DES on second.</summary>
    public CardAlgorithm Algorithm { get; }

    /// <summary>The card identification code (EF05 tag 01), the source of the card's key diversification factors.</summary>
    public ReadOnlyMemory<byte> CardIdentificationCode => _application.CardIdentificationCode;

    /// <summary>The T-Union electronic purse (AID A000000632010105), or null when the card has none.</summary>
    public Transit.SimulatedPurse? Purse => _application.Purse;

    /// <summary>The DF04 medical purse (CLA B0 while DF04 is selected).</summary>
    public SimulatedMedicalPurse MedicalPurse => _application.MedicalPurse;

    /// <summary>PIN tries left (persistent across resets).</summary>
    public int PinTriesLeft => _application.PinTriesLeft;

    /// <inheritdoc />
    public void Reset() => _processor.Reset();

    /// <inheritdoc />
    public SimulatedReply Process(ReadOnlySpan<byte> command) => _processor.Process(command);

    // 3B 68 00 00: T=0 only, TB1 = TC1 = 00, eight historical bytes "SIMSSC" + the spec version's digits.
    private static byte[] DefaultAtr(string specVersion)
    {
        var version = specVersion.Replace(".", "", StringComparison.Ordinal);
        var historical = Encoding.ASCII.GetBytes(("SIMSSC" + version).PadRight(8, '0')[..8]);
        return [0x3B, 0x68, 0x00, 0x00, .. historical];
    }
}
