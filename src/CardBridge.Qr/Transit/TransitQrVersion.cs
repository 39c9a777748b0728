namespace CardBridge.Qr.Transit;

/// <summary>The version byte that opens a transit code (交通一卡通二维码, 2017 interoperable spec).</summary>
public enum TransitQrVersion : byte
{
    /// <summary>0x80: interoperable between cities.</summary>
    Interoperable = 0x80,

    /// <summary>0x81: valid only with the local operator.</summary>
    Local = 0x81,
}
