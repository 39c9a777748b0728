using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Hospital;

/// <summary>Who acts and for which department and doctor, per call; what is left null is the terminal's default (<see cref="CentreOptions"/>).</summary>
public sealed record VisitContext
{
    /// <summary>Every field the terminal's default.</summary>
    public static VisitContext Default { get; } = new();

    /// <summary>The counter clerk or kiosk acting (<c>opter</c>, <c>opter_name</c>).</summary>
    public CentreOperator? Operator { get; init; }

    /// <summary>The department and doctor of the visit or fee.</summary>
    public CareTeam Care { get; init; } = CareTeam.Default;
}
