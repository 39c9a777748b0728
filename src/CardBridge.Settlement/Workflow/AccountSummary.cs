namespace CardBridge.Settlement.Workflow;

/// <summary>A holder's account as this terminal can see it (seed items 49, 58).</summary>
/// <param name="CentreReachable">False when the centre could not be asked: the balance is then unknown.</param>
/// <param name="AccountBalanceFen">The personal account balance at the centre, when known.</param>
/// <param name="Recent">The holder's settlements on this terminal, newest first.</param>
public sealed record AccountSummary(bool CentreReachable, long? AccountBalanceFen, IReadOnlyList<SettlementOutcome> Recent);
