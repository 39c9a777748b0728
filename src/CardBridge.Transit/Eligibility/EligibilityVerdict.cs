namespace CardBridge.Transit.Eligibility;

/// <summary>The outcome of the eligibility rules.</summary>
public enum EligibilityVerdict
{
    /// <summary>The ride is free.</summary>
    Free = 1,

    /// <summary>The rider pays the fare.</summary>
    Pays = 2,

    /// <summary>The rider is on the hot list: refused.</summary>
    HotListed = 3,
}
