namespace CardBridge.Simulation.SocialSecurity;

/// <summary>
/// A purchase the purse just completed: amount, terminal id (6 bytes BCD), the INITIALIZE extension, the offline counter
/// before it, the date-time (7 bytes BCD), TAC and MAC2.
/// </summary>
internal sealed record Purchase(uint AmountFen, byte[] TerminalId, byte[] Extension, ushort CounterBefore, byte[] DateTime, byte[] Tac, byte[] Mac2);
