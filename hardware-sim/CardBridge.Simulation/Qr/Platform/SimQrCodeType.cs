namespace CardBridge.Simulation.Qr.Platform;

/// <summary>The kinds of code the simulated platform issues.</summary>
public enum SimQrCodeType
{
    /// <summary>A medical-insurance e-voucher code (<c>ECV1.</c> + token), verified at <c>/ec/query</c>.</summary>
    EVoucher = 1,

    /// <summary>An e-social-security-card code (<c>ESSC1.</c> + token), verified at <c>/essc/query</c>.</summary>
    SocialSecurityCard,
}
