namespace CardBridge.Simulation.Centre;

/// <summary>
/// How an insured area's fund pays (the simulated centre's settlement rules), in fen: the deductible (起付线) the person
/// pays first of the in-scope amount of each settlement, the pooled fund's share of the rest, the pooled fund's ceiling
/// (封顶线) per person and year, and the share of what the ceiling cut off that the large-expense fund (employees,
/// <c>hifob_pay</c>) or the serious-illness insurance (residents, <c>hifmi_pay</c>) pays.
/// </summary>
/// <param name="DeductibleFen">Paid by the person before the fund pays, per settlement.</param>
/// <param name="PoolShareBasisPoints">The pooled fund's share above the deductible (6000 = 60 %).</param>
/// <param name="CeilingFen">The most the pooled fund pays one person in a year; null for no ceiling.</param>
/// <param name="AboveCeilingBasisPoints">The share of what the ceiling cut off that the large-expense or serious-illness fund pays.</param>
public sealed record AreaRules(long DeductibleFen, int PoolShareBasisPoints, long? CeilingFen, int AboveCeilingBasisPoints)
{
    /// <summary>The simulator's second insured area (a cross-region patient's): a deductible, a ceiling and a large-expense fund above it.</summary>
    public static AreaRules CrossRegion { get; } = new(DeductibleFen: 50_000, PoolShareBasisPoints: 8000, CeilingFen: 200_000, AboveCeilingBasisPoints: 5000);

    /// <summary>A plain share with no deductible and no ceiling.</summary>
    public static AreaRules Plain(int poolShareBasisPoints) => new(0, poolShareBasisPoints, null, 0);
}
