namespace CardBridge.Qr.Platform;

/// <summary>The kinds of QR code a platform verifies online.</summary>
public enum PlatformQrCodeType
{
    /// <summary>The medical-insurance e-voucher (医保电子凭证), verified by <c>ec.query</c>.</summary>
    EVoucher = 1,

    /// <summary>The electronic social security card (电子社保卡), verified by the e-SSC platform adapter.</summary>
    SocialSecurityCard,
}
