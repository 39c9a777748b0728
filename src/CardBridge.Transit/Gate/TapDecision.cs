using CardBridge.Transit.Eligibility;

namespace CardBridge.Transit.Gate;

/// <summary>The gate's answer to one tap: <see cref="AllowedRide"/> or <see cref="RefusedRide"/>.</summary>
/// <param name="RideId">The ride's id: its journal record UUID (for a repeated tap, the first tap's).</param>
/// <param name="Medium">Card or QR code.</param>
/// <param name="DecidedAt">When the ride was decided (for a repeated tap, the first tap's time).</param>
/// <param name="Repeated">True when this tap repeated an earlier one within the double-tap window: nothing was charged or journaled.</param>
/// <param name="StaleLists">Rider lists older than their maximum age at the decision (see <see cref="EligibilityRules"/>).</param>
/// <param name="Latency">This tap's time (a repeated tap's own, not the first's).</param>
public abstract record TapDecision(
    Guid RideId, TapMedium Medium, DateTimeOffset DecidedAt, bool Repeated, IReadOnlyList<string> StaleLists, TapLatency Latency);

/// <summary>The gate opens.</summary>
/// <param name="RideId">See <see cref="TapDecision.RideId"/>.</param>
/// <param name="Medium">See <see cref="TapDecision.Medium"/>.</param>
/// <param name="DecidedAt">See <see cref="TapDecision.DecidedAt"/>.</param>
/// <param name="Repeated">See <see cref="TapDecision.Repeated"/>.</param>
/// <param name="StaleLists">See <see cref="TapDecision.StaleLists"/>.</param>
/// <param name="Latency">See <see cref="TapDecision.Latency"/>.</param>
/// <param name="FreeReason">Why the ride is free; null for a paid ride.</param>
/// <param name="FreeCategory">The category list that made it free, when <see cref="FreeRideReason.Category"/>.</param>
/// <param name="FareFen">The fare charged (0 when free). For a QR code, charged later to the account.</param>
/// <param name="BalanceAfterFen">The purse balance after the purchase; null when nothing was taken from a purse.</param>
/// <param name="Recovered">True when the fare was an interrupted earlier purchase proven complete now (charged once).</param>
public sealed record AllowedRide(
    Guid RideId, TapMedium Medium, DateTimeOffset DecidedAt, bool Repeated, IReadOnlyList<string> StaleLists, TapLatency Latency,
    FreeRideReason? FreeReason, string? FreeCategory, uint FareFen, uint? BalanceAfterFen, bool Recovered)
    : TapDecision(RideId, Medium, DecidedAt, Repeated, StaleLists, Latency);

/// <summary>The gate stays closed.</summary>
/// <param name="RideId">See <see cref="TapDecision.RideId"/>.</param>
/// <param name="Medium">See <see cref="TapDecision.Medium"/>.</param>
/// <param name="DecidedAt">See <see cref="TapDecision.DecidedAt"/>.</param>
/// <param name="Repeated">See <see cref="TapDecision.Repeated"/>.</param>
/// <param name="StaleLists">See <see cref="TapDecision.StaleLists"/>.</param>
/// <param name="Latency">See <see cref="TapDecision.Latency"/>.</param>
/// <param name="Reason">Why.</param>
/// <param name="BalanceFen">The purse balance, for <see cref="RefusalReason.InsufficientBalance"/>; otherwise null.</param>
/// <param name="FareFen">The fare that was asked, when the refusal is about money; otherwise 0.</param>
public sealed record RefusedRide(
    Guid RideId, TapMedium Medium, DateTimeOffset DecidedAt, bool Repeated, IReadOnlyList<string> StaleLists, TapLatency Latency,
    RefusalReason Reason, uint? BalanceFen, uint FareFen)
    : TapDecision(RideId, Medium, DecidedAt, Repeated, StaleLists, Latency);
