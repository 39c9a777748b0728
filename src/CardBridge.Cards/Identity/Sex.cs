namespace CardBridge.Cards.Identity;

/// <summary>EF06 tag 0A, the GB/T 2261.1 sex code; each member's value is its code character on the card.</summary>
public enum Sex
{
    /// <summary>'0': not known.</summary>
    Unknown = '0',

    /// <summary>'1': male.</summary>
    Male = '1',

    /// <summary>'2': female.</summary>
    Female = '2',

    /// <summary>'9': not specified.</summary>
    Unspecified = '9',
}
