using System.Globalization;

namespace CardBridge.Qr.Platform;

/// <summary>
/// The holder a platform vouched for. Personal data: <see cref="ToString"/> masks every field, and nothing here may be
/// logged in clear.
/// </summary>
public sealed record PlatformQrCredential
{
    /// <summary>Which kind of code was verified.</summary>
    public required PlatformQrCodeType CodeType { get; init; }

    /// <summary>The holder's certificate number (<c>idNo</c>), normally the resident ID number.</summary>
    public required string IdNumber { get; init; }

    /// <summary>The certificate type of <see cref="IdNumber"/> (<c>idType</c>, 01 = resident ID card).</summary>
    public required string IdType { get; init; }

    /// <summary>The holder's name (<c>userName</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The insurance organisation / issuing region code (<c>insuOrg</c>).</summary>
    public required string InsuranceOrg { get; init; }

    /// <summary>
    /// For an e-voucher, the <c>ecToken</c>: the medical centre's certificate number for certificate type 01
    /// (<c>mdtrt_cert_type</c> 01, <c>mdtrt_cert_no</c> = this). Null for an e-SSC code.
    /// </summary>
    public string? EcToken { get; init; }

    /// <summary>For an e-SSC code, the social security card number behind it; null for an e-voucher.</summary>
    public string? CardNumber { get; init; }

    /// <summary>The credential with every personal field masked.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{CodeType} credential {{ Name = {PlatformMask.Name(Name)}, IdNumber = {PlatformMask.Number(IdNumber)}, IdType = {IdType}, InsuranceOrg = {InsuranceOrg}, EcToken = {PlatformMask.Secret(EcToken)}, CardNumber = {PlatformMask.Number(CardNumber)} }}");
}
