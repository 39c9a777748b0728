namespace CardBridge.Service.Security;

/// <summary>The scopes a client can hold (DESIGN §4); a call is denied unless one of the caller's scopes allows it.</summary>
internal static class Scopes
{
    public const string IdentityBasic = "identity.basic";
    public const string IdentityFull = "identity.full";
    public const string Pin = "pin";
    public const string PinAdmin = "pin.admin";
    public const string Settlement = "settlement";
    public const string Transit = "transit";
    public const string JournalRead = "journal.read";
    public const string JournalAdmin = "journal.admin";
    public const string Admin = "admin";
    public const string BankMasked = "bank.masked";
    public const string BankFull = "bank.full";
    public const string MedicalRead = "medical.read";

    public static IReadOnlyList<string> All { get; } =
        [IdentityBasic, IdentityFull, Pin, Settlement, Transit, JournalRead, JournalAdmin, Admin, PinAdmin, BankMasked, BankFull, MedicalRead];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
