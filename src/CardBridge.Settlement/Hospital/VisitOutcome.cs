using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Hospital;

/// <summary>A hospital visit call the centre took; a repeated idempotency key gets it again (<see cref="Replayed"/>).</summary>
/// <param name="IdempotencyKey">The caller's key.</param>
/// <param name="VisitId">The visit (<c>mdtrt_id</c>) it opened or belongs to.</param>
/// <param name="PersonNo">The centre's person number.</param>
/// <param name="InsuredArea">The person's own insured area the call went under (<c>insuplc_admdvs</c>), empty when the centre named none.</param>
/// <param name="MsgId">The centre message id it went under.</param>
/// <param name="At">When it completed.</param>
public sealed record VisitOutcome(string IdempotencyKey, string VisitId, string PersonNo, string InsuredArea, string MsgId, DateTimeOffset At)
{
    /// <summary>True when this answer repeats the first one for the same idempotency key.</summary>
    public bool Replayed { get; init; }

    /// <summary>How the centre classified each fee detail of a batch; empty for other calls and for a replay (the journal keeps the call, not the classification).</summary>
    public IReadOnlyList<FeeItemResult> Fees { get; init; } = [];
}
