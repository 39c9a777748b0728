namespace CardBridge.Settlement.Centre;

/// <summary>The centre's answer to a person-info lookup (1101 <c>baseinfo</c> and <c>insuinfo</c>).</summary>
/// <param name="PersonNo">The centre's person number (<c>psn_no</c>), used on every later call.</param>
/// <param name="Name">The person's name (personal data: log only through <c>Masked.Name</c>).</param>
/// <param name="CertificateNumber">The person's certificate (ID) number (personal data).</param>
/// <param name="Gender">The centre's gender code, when given.</param>
/// <param name="BirthDate">The birth date, when given.</param>
/// <param name="Insurances">One entry per insurance the person holds.</param>
public sealed record PersonInfo(
    string PersonNo,
    string Name,
    string CertificateNumber,
    string? Gender,
    DateOnly? BirthDate,
    IReadOnlyList<InsuranceInfo> Insurances);
