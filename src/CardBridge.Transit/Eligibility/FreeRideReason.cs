namespace CardBridge.Transit.Eligibility;

/// <summary>Why a ride is free.</summary>
public enum FreeRideReason
{
    /// <summary>The holder has reached the free-ride age on the local date of the tap.</summary>
    Age = 1,

    /// <summary>The rider is on a free category list (disabled, veteran…).</summary>
    Category = 2,
}
