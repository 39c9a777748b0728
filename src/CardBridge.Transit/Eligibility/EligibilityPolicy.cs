namespace CardBridge.Transit.Eligibility;

/// <summary>The rules' configuration, immutable (built once from <see cref="TransitOptions"/>).</summary>
/// <param name="FreeAge">The age from which rides are free; null when age gives no free ride.</param>
/// <param name="TimeZone">The zone whose local date decides ages.</param>
/// <param name="FreeCategories">The category lists whose riders ride free.</param>
/// <param name="CategoryListMaxAge">How old a category list may be and still grant free rides.</param>
/// <param name="HotListMaxAge">How old the hot list may be before a decision reports it stale.</param>
public sealed record EligibilityPolicy(
    int? FreeAge,
    TimeZoneInfo TimeZone,
    IReadOnlyList<string> FreeCategories,
    TimeSpan CategoryListMaxAge,
    TimeSpan HotListMaxAge);
