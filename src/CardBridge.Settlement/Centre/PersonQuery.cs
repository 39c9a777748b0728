namespace CardBridge.Settlement.Centre;

/// <summary>A person-info lookup (1101).</summary>
/// <param name="CertificateType">How the person is identified.</param>
/// <param name="CertificateNumber">The e-voucher token, ID number or card number, per <paramref name="CertificateType"/>.</param>
public sealed record PersonQuery(CertificateType CertificateType, string CertificateNumber) : CentreCall
{
    /// <summary>The social security card's identification code (<c>card_sn</c>), when the card was read.</summary>
    public string? CardSerialNumber { get; init; }

    /// <summary>The person's name as read from the card or document (<c>psn_name</c>), when known.</summary>
    public string? PersonName { get; init; }
}
