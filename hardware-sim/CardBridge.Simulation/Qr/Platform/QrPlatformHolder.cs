using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Qr.Platform;

/// <summary>A synthetic holder the simulated platform issues codes for.</summary>
/// <param name="ProfileName">The card profile the holder comes from (<c>third-gen</c>).</param>
/// <param name="Name">The holder's name (测试甲).</param>
/// <param name="IdNumber">The holder's ID number (the card's SSN).</param>
/// <param name="CardNumber">The social security card number (starts with SIM).</param>
/// <param name="InsuranceOrg">The insurance organisation: the card's region code.</param>
/// <param name="EcToken">The e-voucher token, <c>SIMEC-</c> + card number (what the simulated centre knows as certificate type 01).</param>
public sealed record QrPlatformHolder(string ProfileName, string Name, string IdNumber, string CardNumber, string InsuranceOrg, string EcToken)
{
    /// <summary>One holder per social security card profile of the simulator (PSAM profiles skipped).</summary>
    /// <exception cref="CardProfileException">A profile cannot be read or is invalid.</exception>
    public static IReadOnlyList<QrPlatformHolder> FromCardProfiles() =>
    [
        .. CardProfiles.SocialSecurityCards().Select(p => new QrPlatformHolder(
            p.Name, p.Profile.Holder.Name, p.Profile.Holder.Ssn, p.Profile.Card.CardNumber, p.Profile.Card.Region, "SIMEC-" + p.Profile.Card.CardNumber)),
    ];
}
