namespace CardBridge.Transit.Eligibility;

/// <summary>What the rules decided for one rider at one instant.</summary>
/// <param name="Verdict">Free, pays or hot-listed.</param>
/// <param name="FreeReason">Why the ride is free; null unless <see cref="EligibilityVerdict.Free"/>.</param>
/// <param name="Category">The category list that made the ride free; null unless <see cref="FreeRideReason.Category"/>.</param>
/// <param name="StaleLists">The names of the lists that were older than their maximum age at the tap (see <see cref="EligibilityRules"/>).</param>
public sealed record Eligibility(EligibilityVerdict Verdict, FreeRideReason? FreeReason, string? Category, IReadOnlyList<string> StaleLists);
