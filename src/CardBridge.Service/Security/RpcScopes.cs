using CardBridge.Api.V1;

namespace CardBridge.Service.Security;

/// <summary>
/// Which scopes allow which RPC (DESIGN §4, default deny): a method missing from this table is refused for
/// everyone. Health checks and server reflection describe the service, not a person, and are open.
/// </summary>
internal static class RpcScopes
{
    private static readonly string[] AnyCardScope =
        [Scopes.IdentityBasic, Scopes.IdentityFull, Scopes.Pin, Scopes.Settlement, Scopes.Transit, Scopes.Admin];

    private static readonly string[] Identity = [Scopes.IdentityBasic, Scopes.IdentityFull];

    private static readonly string[] JournalRead = [Scopes.JournalRead, Scopes.JournalAdmin];

    private static readonly Dictionary<string, string[]> Table = new(StringComparer.Ordinal)
    {
        [Method(ReaderService.Descriptor, "ListReaders")] = AnyCardScope,
        [Method(ReaderService.Descriptor, "WatchEvents")] = AnyCardScope,
        [Method(IdentityService.Descriptor, "ReadCard")] = Identity,
        [Method(IdentityService.Descriptor, "AwaitCredential")] = Identity,
        [Method(IdentityService.Descriptor, "VerifyPin")] = [Scopes.Pin],
        [Method(IdentityService.Descriptor, "ChangePin")] = [Scopes.Pin],
        [Method(JournalService.Descriptor, "List")] = JournalRead,
        [Method(JournalService.Descriptor, "Stats")] = JournalRead,
        [Method(JournalService.Descriptor, "VerifyChain")] = JournalRead,
        // Export with include_personal also needs journal.admin AND identity.full; JournalApi checks that.
        [Method(JournalService.Descriptor, "Export")] = JournalRead,
        [Method(JournalService.Descriptor, "UploadNow")] = [Scopes.JournalAdmin],
        [Method(SettlementService.Descriptor, "PreSettle")] = [Scopes.Settlement],
        [Method(SettlementService.Descriptor, "Settle")] = [Scopes.Settlement],
        [Method(SettlementService.Descriptor, "Reverse")] = [Scopes.Settlement],
        [Method(SettlementService.Descriptor, "QueryAccount")] = [Scopes.Settlement],
        [Method(TransitService.Descriptor, "Tap")] = [Scopes.Transit],
        [Method(TransitService.Descriptor, "WatchDecisions")] = [Scopes.Transit],
        [Method(TransitService.Descriptor, "SyncRiderLists")] = [Scopes.Admin],
        [Method(SimulatorService.Descriptor, "ListProfiles")] = [Scopes.Admin],
        [Method(SimulatorService.Descriptor, "InsertCard")] = [Scopes.Admin],
        [Method(SimulatorService.Descriptor, "RemoveCard")] = [Scopes.Admin],
        [Method(SimulatorService.Descriptor, "PressKeys")] = [Scopes.Admin],
        [Method(SimulatorService.Descriptor, "PresentCode")] = [Scopes.Admin],
    };

    /// <summary>True for methods anyone may call: <c>grpc.health.v1</c> and server reflection.</summary>
    public static bool IsOpen(string method) =>
        method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal)
        || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    /// <summary>The scopes of which a caller needs one for <paramref name="method"/> (<c>/package.Service/Method</c>); empty: nobody.</summary>
    public static IReadOnlyList<string> AllowedFor(string method) => Table.GetValueOrDefault(method) ?? [];

    /// <summary>Every method with a rule, for tests that must cover them all.</summary>
    public static IEnumerable<string> Methods => Table.Keys;

    private static string Method(Google.Protobuf.Reflection.ServiceDescriptor service, string name) =>
        $"/{service.FullName}/{service.FindMethodByName(name)?.Name ?? throw new InvalidOperationException($"{service.FullName} has no method {name}")}";
}
