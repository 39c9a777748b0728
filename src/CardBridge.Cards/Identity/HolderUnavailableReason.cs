namespace CardBridge.Cards.Identity;

/// <summary>Why an identity read returned no holder data.</summary>
public enum HolderUnavailableReason
{
    /// <summary>The holder data was read.</summary>
    None = 0,

    /// <summary>A 3.00 card needs EXTERNAL AUTHENTICATE with RKSSSE for EF06 and the terminal has no PSAM or HSM configured.</summary>
    NoAuthenticator,

    /// <summary>A 3.00 card needs EXTERNAL AUTHENTICATE with RKSSSE and no key authority could serve it now (see the detail).</summary>
    AuthenticationUnavailable,
}
