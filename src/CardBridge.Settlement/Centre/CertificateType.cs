namespace CardBridge.Settlement.Centre;

/// <summary>How the person is identified to the centre (DESIGN §9, 1101 <c>mdtrt_cert_type</c>).</summary>
public enum CertificateType
{
    /// <summary><c>01</c>: the medical-insurance e-voucher; the number is its <c>ecToken</c>.</summary>
    ElectronicVoucher = 1,

    /// <summary><c>02</c>: the resident identity card; the number is the ID number.</summary>
    IdCard = 2,

    /// <summary><c>03</c>: the social security card; the number is the card number.</summary>
    SocialSecurityCard = 3,
}
