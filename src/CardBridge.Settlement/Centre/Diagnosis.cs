namespace CardBridge.Settlement.Centre;

/// <summary>A diagnosis as the platform names it (<c>diag_code</c>, <c>diag_name</c>; ICD-10 as the region's list has it).</summary>
/// <param name="Code">The diagnosis code.</param>
/// <param name="Name">The diagnosis name.</param>
public sealed record Diagnosis(string Code, string Name);
