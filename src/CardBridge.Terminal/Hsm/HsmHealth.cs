namespace CardBridge.Terminal.Hsm;

/// <summary>The HSM platform's health as the terminal sees it, for metrics and the status page; it carries no card data.</summary>
/// <param name="Availability">What the circuit breaker says.</param>
/// <param name="Since">When <paramref name="Availability"/> last changed; null when it has not since start.</param>
/// <param name="LastSuccessAt">When the HSM last answered a check; null before the first.</param>
/// <param name="LastFailureAt">When a check last failed for the HSM's sake (unreachable, slow, malformed answer); null before the first.</param>
/// <param name="LastFailure">What that failure was, for people.</param>
public sealed record HsmHealth(
    HsmAvailability Availability, DateTimeOffset? Since, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastFailure);
