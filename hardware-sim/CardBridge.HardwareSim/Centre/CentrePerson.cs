namespace CardBridge.HardwareSim.Centre;

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
    /// <summary>Two synthetic people: 测试甲 with 1000.00 yuan in the account, 测试乙 with 5.00 yuan.</summary>
    public static IReadOnlyList<CentrePerson> Defaults { get; } =
    [
        new("SIMPSN0001", "测试甲", "SIM11010119900101001X", "SIMC00000001", "SIMECTOKEN0001", 100_000),
        new("SIMPSN0002", "测试乙", "SIM110101198507070022", "SIMC00000002", "SIMECTOKEN0002", 500),
    ];
}
