namespace CardBridge.Settlement.Centre;

/// <summary>
/// What a call puts in the envelope (DESIGN §9) beyond the terminal's fixed fields: the person's own insured area, the
/// operator who acts, and the message id it goes under. Every request to the centre is one.
/// </summary>
public abstract record CentreCall
{
    /// <summary>
    /// The person's own insured area (<c>insuplc_admdvs</c>, from their 1101 <c>insuinfo</c>): a cross-region patient
    /// is settled by the area that insures them. Null only before the person is known (1101 itself), when
    /// <see cref="CentreOptions.InsuredAreaCode"/> is sent.
    /// </summary>
    public string? InsuredArea { get; init; }

    /// <summary>Who acts (<c>opter</c>, <c>opter_name</c>); null for the terminal's <see cref="CentreOptions.OperatorCode"/>.</summary>
    public CentreOperator? Operator { get; init; }

    /// <summary>
    /// The message id to send under, recorded (journal) before the call so that a call whose outcome a crash hid can be
    /// reversed (2601) by it; from <see cref="ISettlementCentre.NextMessageId"/>. Null: a fresh one.
    /// </summary>
    public string? MsgId { get; init; }
}
