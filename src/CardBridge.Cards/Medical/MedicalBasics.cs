namespace CardBridge.Cards.Medical;

/// <summary>How the holder's medical insurance settles (DF04 EF05 tag 8F).</summary>
public enum MedicalUsageMode
{
    /// <summary>Settled online with the centre.</summary>
    Online = 1,

    /// <summary>Settled offline on the card.</summary>
    Offline = 2,
}

/// <summary>DF04 EF05, the medical insurance basics: insurance type (tag 81) and usage mode (tag 8F).</summary>
/// <param name="InsuranceType">The insurance type code as the card holds it (e.g. "310").</param>
/// <param name="UsageMode">Online or offline settlement.</param>
public sealed record MedicalBasics(string InsuranceType, MedicalUsageMode UsageMode);
