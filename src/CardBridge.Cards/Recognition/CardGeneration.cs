namespace CardBridge.Cards.Recognition;

/// <summary>
/// What kind of card is in the reader, as far as the social security card application is concerned. A generation's
/// value is the major digit of its spec version (EF05 tag 03), the default is <see cref="NotSocialSecurityCard"/>.
/// </summary>
public enum CardGeneration
{
    /// <summary>Not a social security card: no SSSE environment, or answers that do not follow the card specification.</summary>
    NotSocialSecurityCard = 0,

    /// <summary>First generation: spec version 1.00.</summary>
    First = '1',

    /// <summary>Second generation: spec version 2.00; EF06 is readable without authentication.</summary>
    Second = '2',

    /// <summary>Third generation: spec version 3.00; EF06–EF08 need EXTERNAL AUTHENTICATE with RKSSSE.</summary>
    Third = '3',
}
