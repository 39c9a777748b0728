namespace CardBridge.Settlement.Centre;

/// <summary>
/// The department and doctor a visit or a fee belongs to (<c>dept_code</c>, <c>adm_dept_codg</c>,
/// <c>bilg_dept_codg</c> and the doctor's code and name, as each transaction spells them). A null field is the terminal's default
/// (<see cref="CentreOptions.DepartmentCode"/> and its siblings).
/// </summary>
public sealed record CareTeam
{
    /// <summary>A team with every field the terminal's default.</summary>
    public static CareTeam Default { get; } = new();

    /// <summary>The department's code.</summary>
    public string? DepartmentCode { get; init; }

    /// <summary>The department's name.</summary>
    public string? DepartmentName { get; init; }

    /// <summary>The department's category in the national list (<c>caty</c>, 科别).</summary>
    public string? DepartmentCategory { get; init; }

    /// <summary>The attending (or billing) doctor's code.</summary>
    public string? DoctorCode { get; init; }

    /// <summary>The doctor's name.</summary>
    public string? DoctorName { get; init; }

    /// <summary>This team, with each field it lacks taken from <paramref name="fallback"/>.</summary>
    public CareTeam Or(CareTeam? fallback) => fallback is null ? this : new()
    {
        DepartmentCode = DepartmentCode ?? fallback.DepartmentCode,
        DepartmentName = DepartmentName ?? fallback.DepartmentName,
        DepartmentCategory = DepartmentCategory ?? fallback.DepartmentCategory,
        DoctorCode = DoctorCode ?? fallback.DoctorCode,
        DoctorName = DoctorName ?? fallback.DoctorName,
    };
}
