namespace CardBridge.Settlement.Centre;

/// <summary>The cancellation of a visit step (2202 registration, 2404 admission, 2405 discharge).</summary>
/// <param name="Step">What is cancelled.</param>
/// <param name="PersonNo">The centre's person number.</param>
/// <param name="VisitId">The visit id (<c>mdtrt_id</c>).</param>
public sealed record VisitCancellation(VisitStep Step, string PersonNo, string VisitId) : CentreCall
{
    /// <summary>The hospital's outpatient number (<c>ipt_otp_no</c>); a registration's cancellation names it.</summary>
    public string? OutpatientNo { get; init; }
}
