using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Centre;

/// <summary>A synthetic insured person of the simulated centre.</summary>
/// <param name="PersonNo">The centre's person number (<c>psn_no</c>).</param>
/// <param name="Name">A plainly fake name (测试甲).</param>
/// <param name="IdNumber">The ID number (certificate type 02).</param>
/// <param name="CardNumber">The social security card number (certificate type 03), starting SIM.</param>
/// <param name="VoucherToken">The e-voucher token (certificate type 01).</param>
/// <param name="AccountBalanceFen">The personal account's opening balance in fen.</param>
public sealed record CentrePerson(
    string PersonNo, string Name, string IdNumber, string CardNumber, string VoucherToken, long AccountBalanceFen)
{
    /// <summary>The simulated centre's own area (Beijing's division code): where every person is insured unless said otherwise.</summary>
    public const string LocalArea = "110000";

    /// <summary>The simulator's second insured area (Shenzhen's division code), a cross-region patient's.</summary>
    public const string CrossRegionArea = "440300";

    /// <summary>
    /// 测试丙, insured in <see cref="CrossRegionArea"/> (employee insurance, 200.00 yuan in the account): a cross-region
    /// (异地) patient, known by ID number or e-voucher only.
    /// </summary>
    public static CentrePerson CrossRegion { get; } =
        new("SIMPSN0003", "测试丙", "994403199203030035", "SIMC00000003", "SIMECTOKEN0003", 20_000) { InsuredArea = CrossRegionArea };

    /// <summary>The area that insures the person (<c>insuplc_admdvs</c>); <see cref="LocalArea"/> by default.</summary>
    public string InsuredArea { get; init; } = LocalArea;

    /// <summary>The insurance the person holds (<c>insutype</c>); 310, employee basic medical insurance, by default.</summary>
    public string InsuranceType { get; init; } = "310";

    /// <summary>The opening account balance of every person made from a card profile: 1000.00 yuan.</summary>
    public const long ProfileAccountBalanceFen = 100_000;

    /// <summary>Three synthetic people: 测试甲 with 1000.00 yuan in the account, 测试乙 with 5.00 yuan, and the cross-region <see cref="CrossRegion"/>.</summary>
    public static IReadOnlyList<CentrePerson> Defaults { get; } =
    [
        new("SIMPSN0001", "测试甲", "SIM11010119900101001X", "SIMC00000001", "SIMECTOKEN0001", 100_000),
        new("SIMPSN0002", "测试乙", "SIM110101198507070022", "SIMC00000002", "SIMECTOKEN0002", 500),
        CrossRegion,
    ];

    /// <summary>
    /// One person per social security card profile of the simulator (<see cref="CardProfiles.Names"/>; PSAM profiles
    /// are skipped), so the simulated centre knows the people on the simulated cards: the card's number, the holder's
    /// SSN (as ID number) and name, person number <c>SIMPSN-</c> + card number, e-voucher token <c>SIMEC-</c> + card
    /// number, and <see cref="ProfileAccountBalanceFen"/> in the account.
    /// </summary>
    /// <exception cref="CardProfileException">A profile cannot be read or is invalid.</exception>
    public static IReadOnlyList<CentrePerson> FromCardProfiles() =>
    [
        .. CardProfiles.SocialSecurityCards().Select(p => new CentrePerson(
            "SIMPSN-" + p.Profile.Card.CardNumber, p.Profile.Holder.Name, p.Profile.Holder.Ssn, p.Profile.Card.CardNumber,
            "SIMEC-" + p.Profile.Card.CardNumber, ProfileAccountBalanceFen)),
    ];
}
