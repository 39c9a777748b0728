using CardBridge.Cards.Interop;
using CardBridge.Cards.Privacy;

namespace CardBridge.Service.Standard;

/// <summary>The standard strings for a caller with <c>identity.basic</c> only: the personal fields masked as ReadCard masks them.</summary>
internal static class StandardMasking
{
    private const int SsnField = 1;
    private const int CardNumberField = 2;
    private const int CardIdentificationCodeField = 3;
    private const int NameField = 4;

    /// <summary>iReadCardBas with SSN, card number, card identification code and name masked.</summary>
    public static string ReadCardBas(string text)
    {
        var fields = text.Split('|')[..^1];
        fields[SsnField] = Masked.Ssn(fields[SsnField]);
        fields[CardNumberField] = Masked.CardNumber(fields[CardNumberField]);
        fields[CardIdentificationCodeField] = Masked.CardNumber(fields[CardIdentificationCodeField]);
        fields[NameField] = Masked.Name(fields[NameField]);
        return StandardReaderFormat.Fields(fields);
    }
}
