namespace CardBridge.Settlement.Centre;

/// <summary>The centre did what a call asked and answers nothing more (2202, 2205, 2302, 2402, 2404, 2405).</summary>
/// <param name="MsgId">The message id of the call.</param>
public sealed record CentreAcknowledgement(string MsgId);
