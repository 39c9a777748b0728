using CardBridge.Api.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CardBridge.Service.Security;

/// <summary>
/// Which scopes allow which RPC (DESIGN §4, default deny): a method missing from this table is refused for
/// everyone. Health checks and server reflection describe the service, not a person, and are open.
/// </summary>
internal static class RpcScopes
{
    private static readonly string[] AnyCardScope =
        [Scopes.IdentityBasic, Scopes.IdentityFull, Scopes.Pin, Scopes.PinAdmin, Scopes.Settlement, Scopes.Transit, Scopes.BankMasked,
            Scopes.BankFull, Scopes.MedicalRead, Scopes.Admin];

    private static readonly string[] Identity = [Scopes.IdentityBasic, Scopes.IdentityFull];

    private static readonly string[] JournalRead = [Scopes.JournalRead, Scopes.JournalAdmin];

    private static readonly Dictionary<string, string[]> Table = new[]
    {
        Allow(ReaderService.Descriptor, AnyCardScope, "ListReaders", "WatchEvents"),
        Allow(IdentityService.Descriptor, Identity, "ReadCard", "AwaitCredential"),
        Allow(IdentityService.Descriptor, [Scopes.Pin], "VerifyPin", "ChangePin"),
        Allow(IdentityService.Descriptor, [Scopes.Pin, Scopes.PinAdmin], "GetPinStatus"),
        Allow(IdentityService.Descriptor, [Scopes.PinAdmin], "UnblockPin", "ReloadPin"),
        // Export with include_personal also needs journal.admin AND identity.full; JournalApi checks that.
        Allow(JournalService.Descriptor, JournalRead, "List", "Stats", "VerifyChain", "Export"),
        Allow(JournalService.Descriptor, [Scopes.JournalAdmin], "UploadNow"),
        Allow(SettlementService.Descriptor, [Scopes.Settlement], "GetInsuredPerson", "PreSettle", "Settle", "Reverse", "QueryAccount"),
        Allow(HospitalService.Descriptor, [Scopes.Settlement], "RegisterOutpatient", "Admit", "UploadFeeBatch", "UploadFees", "Discharge",
            "CancelVisitStep", "CancelFees"),
        Allow(TransitService.Descriptor, [Scopes.Transit], "Tap", "WatchDecisions"),
        // bank.masked sees the PAN masked, bank.full whole; CardApi masks.
        Allow(CardService.Descriptor, [Scopes.BankMasked, Scopes.BankFull], "ReadBankAccount"),
        Allow(CardService.Descriptor, [Scopes.MedicalRead], "ReadMedicalRecords"),
        Allow(TransitService.Descriptor, [Scopes.Admin], "SyncRiderLists"),
        Allow(StandardInterfaceService.Descriptor, Identity, "ReadCardBas"),
        Allow(StandardInterfaceService.Descriptor, [Scopes.IdentityFull], "HsmStep1", "HsmStep2", "ReadCardFile"),
        Allow(StandardInterfaceService.Descriptor, AnyCardScope, "GetTerminalInfo"),
        Allow(SimulatorService.Descriptor, [Scopes.Admin], "ListProfiles", "InsertCard", "RemoveCard", "PressKeys", "PresentCode"),
    }.SelectMany(rules => rules).ToDictionary(StringComparer.Ordinal);

    /// <summary>True for methods anyone may call: <c>grpc.health.v1</c> and server reflection.</summary>
    public static bool IsOpen(string method) =>
        method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal)
        || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    /// <summary>The scopes of which a caller needs one for <paramref name="method"/> (<c>/package.Service/Method</c>); empty: nobody.</summary>
    public static IReadOnlyList<string> AllowedFor(string method) => Table.GetValueOrDefault(method) ?? [];

    /// <summary>Every method with a rule, for tests that must cover them all.</summary>
    public static IEnumerable<string> Methods => Table.Keys;

    /// <summary>The rules that let <paramref name="scopes"/> call the <paramref name="methods"/> of <paramref name="service"/>.</summary>
    private static IEnumerable<KeyValuePair<string, string[]>> Allow(ServiceDescriptor service, string[] scopes, params string[] methods) =>
        methods.Select(name => KeyValuePair.Create(Method(service, name), scopes));

    private static string Method(ServiceDescriptor service, string name) =>
        $"/{service.FullName}/{service.FindMethodByName(name)?.Name ?? throw new InvalidOperationException($"{service.FullName} has no method {name}")}";
}
