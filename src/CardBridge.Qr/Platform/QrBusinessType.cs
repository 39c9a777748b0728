namespace CardBridge.Qr.Platform;

/// <summary>The business a code is presented for (DESIGN §9); the value is the five-digit code sent to the platform.</summary>
public enum QrBusinessType
{
    /// <summary>01101: registration.</summary>
    Registration = 1101,

    /// <summary>01301: outpatient settlement.</summary>
    OutpatientSettlement = 1301,

    /// <summary>01302: dispensing.</summary>
    Dispensing = 1302,

    /// <summary>02121: pharmacy purchase.</summary>
    Pharmacy = 2121,
}
