using System.Globalization;

namespace CardBridge.Qr.Platform;

/// <summary>
/// The holder a platform vouched for. Personal data: <see cref="ToString"/> masks every field, and nothing here may be
/// logged in clear.
/// </summary>
/// <param name="CodeType">Which kind of code was verified.</param>
/// <param name="IdNumber">The holder's certificate number (<c>idNo</c>), normally the resident ID number.</param>
/// <param name="IdType">The certificate type of <paramref name="IdNumber"/> (<c>idType</c>, 01 = resident ID card).</param>
/// <param name="Name">The holder's name (<c>userName</c>).</param>
/// <param name="InsuranceOrg">The insurance organisation / issuing region code (<c>insuOrg</c>).</param>
/// <param name="EcToken">
/// For an e-voucher, the <c>ecToken</c>: the medical centre's certificate number for certificate type 01
/// (<c>mdtrt_cert_type</c> 01, <c>mdtrt_cert_no</c> = this). Null for an e-SSC code.
/// </param>
/// <param name="CardNumber">For an e-SSC code, the social security card number behind it; null for an e-voucher.</param>
public sealed record PlatformQrCredential(
    PlatformQrCodeType CodeType,
    string IdNumber,
    string IdType,
    string Name,
    string InsuranceOrg,
    string? EcToken = null,
    string? CardNumber = null)
{
    /// <summary>The credential with every personal field masked.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{CodeType} credential {{ Name = {PlatformMask.Name(Name)}, IdNumber = {PlatformMask.Number(IdNumber)}, IdType = {IdType}, InsuranceOrg = {InsuranceOrg}, EcToken = {PlatformMask.Secret(EcToken)}, CardNumber = {PlatformMask.Number(CardNumber)} }}");
}
