using CardBridge.Journal;
using CardBridge.Settlement.Centre;

namespace CardBridge.Settlement.Workflow;

/// <summary>Who settles, as the credential presented identifies them.</summary>
/// <param name="CertificateType">Card or e-voucher (or ID document), for the centre.</param>
/// <param name="CertificateNumber">The card number, e-voucher token or ID number (personal data).</param>
/// <param name="HolderKey">A stable pseudonym of the holder (keyed hash), for per-card caps and history; never personal data.</param>
/// <param name="Personal">The personal fields kept (encrypted) in the journal for an offline settlement.</param>
public sealed record SettlementSubject(CertificateType CertificateType, string CertificateNumber, string HolderKey, PersonalFields Personal)
{
    /// <summary>The card's identification code (<c>card_sn</c>), when a card was read.</summary>
    public string? CardSerialNumber { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"SettlementSubject {{ {CertificateType}, holder {HolderKey} }}";
}
