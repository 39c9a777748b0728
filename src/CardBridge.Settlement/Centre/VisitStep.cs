namespace CardBridge.Settlement.Centre;

/// <summary>A step of a hospital visit the platform can cancel (2202, 2404, 2405).</summary>
public enum VisitStep
{
    /// <summary>An outpatient registration (2201; cancelled by 2202).</summary>
    Registration = 1,

    /// <summary>An inpatient admission (2401; cancelled by 2404).</summary>
    Admission = 2,

    /// <summary>An inpatient discharge (2402; cancelled by 2405).</summary>
    Discharge = 3,
}
