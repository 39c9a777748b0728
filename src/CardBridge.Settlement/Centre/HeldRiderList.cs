namespace CardBridge.Settlement.Centre;

/// <summary>A rider list the terminal holds, as it tells the centre in a rider-list download (<c>CB02</c>).</summary>
/// <param name="Name">The list's name (<c>hot</c>, <c>disabled</c>, <c>veteran</c>…).</param>
/// <param name="Version">The version the terminal holds; empty when it holds none of that name.</param>
public sealed record HeldRiderList(string Name, string Version);
