namespace CardBridge.Simulation.Centre;

/// <summary>A state-changing call the simulated centre committed, as its books recorded it (once per message id).</summary>
/// <param name="InfNo">The transaction code.</param>
/// <param name="MsgId">The message id it came under.</param>
/// <param name="PersonNo">Whose.</param>
/// <param name="InsuredArea">The insured area the request named (<c>insuplc_admdvs</c>), checked against the person's own.</param>
/// <param name="VisitId">The visit it belongs to, when any.</param>
/// <param name="Reversed">Whether a reversal (2601) undid it since.</param>
public sealed record CentreTransaction(string InfNo, string MsgId, string PersonNo, string InsuredArea, string? VisitId, bool Reversed)
{
    /// <summary>The operator the envelope named (<c>opter</c>).</summary>
    public string Operator { get; init; } = "";
}
