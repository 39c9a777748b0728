namespace CardBridge.Qr;

/// <summary>The links of an offline code's signature chain, in the order they are checked.</summary>
public enum QrSignatureLink
{
    /// <summary>The root CA's signature over the issuer certificate (checked with the configured root key).</summary>
    Root = 1,

    /// <summary>The issuer's signature over the holder's account and authorisation (checked with the certified issuer key).</summary>
    Issuer = 2,

    /// <summary>The holder's signature over the whole code up to its generation time (checked with the authorised user key).</summary>
    User = 3,
}
