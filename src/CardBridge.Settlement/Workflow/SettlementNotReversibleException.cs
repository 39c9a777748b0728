namespace CardBridge.Settlement.Workflow;

/// <summary>
/// The settlement cannot be reversed from this terminal: an offline settlement lives in the journal until the centre
/// has it, and is then cancelled at the centre's counter, not by a 2208 from here. Nothing was changed.
/// </summary>
public sealed class SettlementNotReversibleException(string message) : SettlementException(message);
