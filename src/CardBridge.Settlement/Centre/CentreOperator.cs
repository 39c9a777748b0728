namespace CardBridge.Settlement.Centre;

/// <summary>The operator of one call (<c>opter</c>, <c>opter_name</c>): the counter clerk, or the kiosk itself.</summary>
/// <param name="Code">The operator's code.</param>
/// <param name="Name">The operator's name.</param>
public sealed record CentreOperator(string Code, string Name);
