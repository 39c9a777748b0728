namespace CardBridge.Cards.Identity;

/// <summary>The 18-character citizen identity number format (GB 11643) the social security number follows.</summary>
internal static class SocialSecurityNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>17 digits and the ISO 7064 MOD 11-2 check character (0–9 or X).</summary>
    public static bool IsValid(string ssn)
    {
        if (ssn.Length != 18)
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(ssn[i]))
            {
                return false;
            }
            sum += (ssn[i] - '0') * Weights[i];
        }
        return ssn[17] == CheckCharacters[sum % 11];
    }
}
