using System.Reflection;
using CardBridge.Api.V1;
using CardBridge.Service.Security;
using CardBridge.Tests.Shared;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Service.Tests.Security;

/// <summary>One service for the whole matrix, with one API-key client per scope set.</summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> AllScopes =
        ["identity.basic", "identity.full", "pin", "settlement", "transit", "journal.read", "journal.admin", "admin", "pin.admin", "bank.masked", "bank.full", "medical.read"];

    /// <summary>Each single scope, the empty set and all scopes, by name.</summary>
    public static IReadOnlyDictionary<string, string[]> ScopeSets { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["(none)"] = [],
        ["(all)"] = [.. AllScopes],
    }.Concat(AllScopes.Select(s => KeyValuePair.Create(s, new[] { s }))).ToDictionary(StringComparer.Ordinal);

    internal ServiceRig Rig { get; private set; } = null!;

    internal Dictionary<string, ApiKeyClient> Clients { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        foreach (var (name, scopes) in ScopeSets)
        {
            Clients[name] = new ApiKeyClient($"matrix-{Clients.Count}", scopes);
        }
        Rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf([.. Clients.Values]), .. ApiKeyClient.NoLocalScopes,
            ("Simulation:PinPadReaders:0", ServiceRig.Reader0)]);
        await Rig.SessionInAsync(ServiceRig.Reader0, Clients["(all)"].Key);
    }

    public async Task DisposeAsync() => await Rig.DisposeAsync();
}

public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture) : IClassFixture<AuthorizationMatrixFixture>
{
    private const string Readers = "/cardbridge.v1.ReaderService/";
    private const string Identity = "/cardbridge.v1.IdentityService/";
    private const string Simulator = "/cardbridge.v1.SimulatorService/";
    private const string Journal = "/cardbridge.v1.JournalService/";
    private const string Settlement = "/cardbridge.v1.SettlementService/";
    private const string Transit = "/cardbridge.v1.TransitService/";
    private const string Standard = "/cardbridge.v1.StandardInterfaceService/";
    private const string Card = "/cardbridge.v1.CardService/";
    private const string Hospital = "/cardbridge.v1.HospitalService/";
    private const string Pin = "123456";

    // Written from the contract's comments (readers.proto, identity.proto, card.proto, standard.proto, simulator.proto, journal.proto,
    // settlement.proto, hospital.proto, transit.proto),
    // not from RpcScopes: a rule that drifts from the contract fails here.
    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        [Readers + "ListReaders"] = ["identity.basic", "identity.full", "pin", "pin.admin", "settlement", "transit", "bank.masked", "bank.full", "medical.read", "admin"],
        [Readers + "WatchEvents"] = ["identity.basic", "identity.full", "pin", "pin.admin", "settlement", "transit", "bank.masked", "bank.full", "medical.read", "admin"],
        [Card + "ReadBankAccount"] = ["bank.masked", "bank.full"],
        [Card + "ReadMedicalRecords"] = ["medical.read"],
        [Identity + "ReadCard"] = ["identity.basic", "identity.full"],
        [Identity + "AwaitCredential"] = ["identity.basic", "identity.full"],
        [Identity + "VerifyPin"] = ["pin"],
        [Identity + "ChangePin"] = ["pin"],
        [Identity + "GetPinStatus"] = ["pin", "pin.admin"],
        [Identity + "UnblockPin"] = ["pin.admin"],
        [Identity + "ReloadPin"] = ["pin.admin"],
        [Simulator + "ListProfiles"] = ["admin"],
        [Simulator + "InsertCard"] = ["admin"],
        [Simulator + "RemoveCard"] = ["admin"],
        [Simulator + "PressKeys"] = ["admin"],
        [Simulator + "PresentCode"] = ["admin"],
        [Journal + "List"] = ["journal.read", "journal.admin"],
        [Journal + "Stats"] = ["journal.read", "journal.admin"],
        [Journal + "VerifyChain"] = ["journal.read", "journal.admin"],
        [Journal + "Export"] = ["journal.read", "journal.admin"],
        [Journal + "UploadNow"] = ["journal.admin"],
        [Transit + "Tap"] = ["transit"],
        [Transit + "WatchDecisions"] = ["transit"],
        [Transit + "SyncRiderLists"] = ["admin"],
        [Standard + "ReadCardBas"] = ["identity.basic", "identity.full"],
        [Standard + "HsmStep1"] = ["identity.full"],
        [Standard + "HsmStep2"] = ["identity.full"],
        [Standard + "ReadCardFile"] = ["identity.full"],
        [Standard + "GetTerminalInfo"] = ["identity.basic", "identity.full", "pin", "pin.admin", "settlement", "transit", "bank.masked", "bank.full", "medical.read", "admin"],
        [Settlement + "PreSettle"] = ["settlement"],
        [Settlement + "Settle"] = ["settlement"],
        [Settlement + "Reverse"] = ["settlement"],
        [Settlement + "QueryAccount"] = ["settlement"],
        [Settlement + "GetInsuredPerson"] = ["settlement"],
        [Hospital + "RegisterOutpatient"] = ["settlement"],
        [Hospital + "Admit"] = ["settlement"],
        [Hospital + "UploadFeeBatch"] = ["settlement"],
        [Hospital + "UploadFees"] = ["settlement"],
        [Hospital + "Discharge"] = ["settlement"],
        [Hospital + "CancelVisitStep"] = ["settlement"],
        [Hospital + "CancelFees"] = ["settlement"],
    };

    /// <summary>Every RPC of every service in the cardbridge.v1 protos, found through the generated file descriptors.</summary>
    private static IReadOnlyList<string> ProtoMethods()
    {
        var files = typeof(ReaderService).Assembly.GetTypes()
            .Where(t => t.Namespace == "CardBridge.Api.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .ToList();
        Assert.Contains(files, f => f.Name == "cardbridge/v1/identity.proto");
        Assert.Contains(files, f => f.Name == "cardbridge/v1/transit.proto");
        return [.. files.SelectMany(f => f.Services).SelectMany(s => s.Methods).Select(m => $"/{m.Service.FullName}/{m.Name}")];
    }

    public static TheoryData<string, string> Cases()
    {
        var methods = ProtoMethods().Concat(RpcScopes.Methods).Concat(Expected.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var cases = new TheoryData<string, string>();
        foreach (var method in methods)
        {
            foreach (var set in AuthorizationMatrixFixture.ScopeSets.Keys)
            {
                cases.Add(method, set);
            }
        }
        return cases;
    }

    [Fact]
    public void Every_rpc_in_the_protos_has_an_expected_rule_and_a_server_rule()
    {
        var inProtos = ProtoMethods();

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), inProtos.Order(StringComparer.Ordinal));
        Assert.Equal(inProtos.Order(StringComparer.Ordinal), RpcScopes.Methods.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Call_is_allowed_exactly_when_the_caller_holds_a_scope_of_the_rule(string method, string scopeSet)
    {
        Assert.True(Expected.TryGetValue(method, out var rule), $"{method} has no row in the expected table: add one from its proto comment");
        var client = fixture.Clients[scopeSet];

        var error = await Record.ExceptionAsync(() => CallAsync(method, client));

        if (rule.Intersect(client.Scopes).Any())
        {
            Assert.True(error is null, $"{method} with {scopeSet} should succeed but failed: {error}");
        }
        else
        {
            var rpc = Assert.IsType<RpcException>(error);
            var info = ApiKeyClient.AssertError(rpc, StatusCode.PermissionDenied, "SCOPE_DENIED");
            Assert.True(info.Metadata.TryGetValue("required_scope", out var required), "no required_scope metadata");
            Assert.Equal(rule.Order(StringComparer.Ordinal), required.Split(' ').Order(StringComparer.Ordinal));
        }
    }

    private async Task CallAsync(string method, ApiKeyClient client)
    {
        var options = client.Options;
        var channel = fixture.Rig.Channel;
        var reader0 = new CardTarget { Reader = ServiceRig.Reader0 };
        switch (method)
        {
            case Readers + "ListReaders":
                Assert.NotEmpty((await new ReaderService.ReaderServiceClient(channel).ListReadersAsync(new ListReadersRequest(), options)).Readers);
                break;
            case Readers + "WatchEvents":
                using (var call = new ReaderService.ReaderServiceClient(channel).WatchEvents(new WatchEventsRequest { Reader = ServiceRig.Reader0 }, options))
                {
                    Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the stream ended without an event");
                }
                break;
            case Identity + "ReadCard":
                await new IdentityService.IdentityServiceClient(channel).ReadCardAsync(
                    new ReadCardRequest { Target = reader0, Purpose = "authorization matrix" }, options);
                break;
            case Identity + "AwaitCredential":
                await new IdentityService.IdentityServiceClient(channel).AwaitCredentialAsync(
                    new AwaitCredentialRequest { Reader = ServiceRig.Reader0, Purpose = "authorization matrix", Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) }, options);
                break;
            case Identity + "VerifyPin":
                await new IdentityService.IdentityServiceClient(channel).VerifyPinAsync(
                    new VerifyPinRequest { Target = reader0, Purpose = "authorization matrix", Pin = Pin }, options);
                break;
            case Identity + "ChangePin":
                await new IdentityService.IdentityServiceClient(channel).ChangePinAsync(
                    new ChangePinRequest { Target = reader0, Purpose = "authorization matrix", CurrentPin = Pin, NewPin = Pin }, options);
                break;
            case Identity + "GetPinStatus":
                await new IdentityService.IdentityServiceClient(channel).GetPinStatusAsync(
                    new GetPinStatusRequest { Target = reader0, Purpose = "authorization matrix" }, options);
                break;
            case Identity + "UnblockPin":
                await new IdentityService.IdentityServiceClient(channel).UnblockPinAsync(
                    new UnblockPinRequest { Target = reader0, Purpose = "authorization matrix" }, options);
                break;
            case Identity + "ReloadPin":
                await new IdentityService.IdentityServiceClient(channel).ReloadPinAsync(
                    new ReloadPinRequest { Target = reader0, Purpose = "authorization matrix", NewPin = Pin }, options);
                break;
            case Standard + "ReadCardBas":
                await new StandardInterfaceService.StandardInterfaceServiceClient(channel).ReadCardBasAsync(
                    new StandardCardRequest { Readers = { ServiceRig.Reader0 }, Purpose = "authorization matrix" }, options);
                break;
            case Standard + "HsmStep1":
                await new StandardInterfaceService.StandardInterfaceServiceClient(channel).HsmStep1Async(
                    new StandardCardRequest { Readers = { ServiceRig.Reader0 }, Purpose = "authorization matrix" }, options);
                break;
            case Standard + "HsmStep2":
                var standard = new StandardInterfaceService.StandardInterfaceServiceClient(channel);
                // Its own step 1 first (a caller allowed identity.full), so an allowed step 2 has one to complete.
                var step1 = await standard.HsmStep1Async(new StandardCardRequest { Readers = { ServiceRig.Reader0 } }, fixture.Clients["(all)"].Options);
                await standard.HsmStep2Async(new HsmStep2Request { SessionId = step1.SessionId, Key = await CallerHsm.AnswerAsync(step1.Text) }, options);
                break;
            case Standard + "ReadCardFile":
                await new StandardInterfaceService.StandardInterfaceServiceClient(channel).ReadCardFileAsync(
                    new ReadCardFileRequest { Card = new StandardCardRequest { Readers = { ServiceRig.Reader0 } }, FileAddress = "DF04EF05|81|8F|$" }, options);
                break;
            case Standard + "GetTerminalInfo":
                await new StandardInterfaceService.StandardInterfaceServiceClient(channel).GetTerminalInfoAsync(new GetTerminalInfoRequest(), options);
                break;
            case Card + "ReadBankAccount":
                var account = (await new CardService.CardServiceClient(channel).ReadBankAccountAsync(
                    new ReadBankAccountRequest { Target = reader0, Purpose = "authorization matrix" }, options)).Account;
                // Whole only for bank.full.
                Assert.Equal(client.Scopes.Contains("bank.full"), account.PanRevealed);
                break;
            case Card + "ReadMedicalRecords":
                await new CardService.CardServiceClient(channel).ReadMedicalRecordsAsync(
                    new ReadMedicalRecordsRequest { Target = reader0, Purpose = "authorization matrix" }, options);
                break;
            case Simulator + "ListProfiles":
                await new SimulatorService.SimulatorServiceClient(channel).ListProfilesAsync(new ListProfilesRequest(), options);
                break;
            case Simulator + "InsertCard":
                await new SimulatorService.SimulatorServiceClient(channel).InsertCardAsync(
                    new InsertCardRequest { Reader = ServiceRig.Reader1, Profile = "second-gen" }, options);
                break;
            case Simulator + "RemoveCard":
                await new SimulatorService.SimulatorServiceClient(channel).RemoveCardAsync(
                    new RemoveCardRequest { Reader = ServiceRig.Reader1 }, options);
                break;
            case Simulator + "PressKeys":
                await new SimulatorService.SimulatorServiceClient(channel).PressKeysAsync(
                    new PressKeysRequest { Reader = ServiceRig.Reader0, Cancel = true }, options);
                break;
            case Simulator + "PresentCode":
                await new SimulatorService.SimulatorServiceClient(channel).PresentCodeAsync(
                    new PresentCodeRequest { Scanner = "Simulated Scanner", Code = SimulatedCode.Garbage }, options);
                break;
            case Transit + "Tap":
                await new TransitService.TransitServiceClient(channel).TapAsync(
                    new TapRequest { Card = reader0, GateId = "MATRIX", Line = "L1", Stop = "S1" }, options);
                break;
            case Transit + "WatchDecisions":
                using (var call = new TransitService.TransitServiceClient(channel).WatchDecisions(new WatchDecisionsRequest(), options))
                {
                    // A decision to stream: a tap by a caller allowed to tap (a refused stream fails on reading instead).
                    await call.ResponseHeadersAsync;
                    await new TransitService.TransitServiceClient(channel).TapAsync(
                        new TapRequest { Card = reader0, GateId = "MATRIX", Line = "L1", Stop = "S1" }, fixture.Clients["(all)"].Options);
                    Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the stream ended without a decision");
                }
                break;
            case Transit + "SyncRiderLists":
                await new TransitService.TransitServiceClient(channel).SyncRiderListsAsync(new SyncRiderListsRequest(), options);
                break;
            case Journal + "List":
                await new JournalService.JournalServiceClient(channel).ListAsync(new ListJournalRecordsRequest(), options);
                break;
            case Journal + "Stats":
                await new JournalService.JournalServiceClient(channel).StatsAsync(new JournalStatsRequest(), options);
                break;
            case Journal + "VerifyChain":
                await new JournalService.JournalServiceClient(channel).VerifyChainAsync(new VerifyChainRequest(), options);
                break;
            case Journal + "UploadNow":
                await new JournalService.JournalServiceClient(channel).UploadNowAsync(new UploadNowRequest(), options);
                break;
            case Journal + "Export":
                using (var call = new JournalService.JournalServiceClient(channel).Export(new ExportJournalRequest { Purpose = "authorization matrix" }, options))
                {
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                    }
                }
                break;
            case Settlement + "PreSettle":
                await new SettlementService.SettlementServiceClient(channel).PreSettleAsync(
                    new PreSettleRequest { Credential = new SettlementCredential { Card = reader0 }, Bill = MatrixBill, Purpose = "authorization matrix" }, options);
                break;
            case Settlement + "Settle":
                await SettleAsync(channel, options);
                break;
            case Settlement + "Reverse":
                // Settlement keys belong to their client: one that may settle reverses its own settlement.
                var settled = client.Scopes.Contains("settlement") ? await SettleAsync(channel, options) : "never-settled";
                await new SettlementService.SettlementServiceClient(channel).ReverseAsync(
                    new ReverseRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), SettlementIdempotencyKey = settled, Purpose = "authorization matrix" }, options);
                break;
            case Settlement + "QueryAccount":
                await new SettlementService.SettlementServiceClient(channel).QueryAccountAsync(
                    new QueryAccountRequest { Credential = new SettlementCredential { Card = reader0 }, Purpose = "authorization matrix" }, options);
                break;
            case Settlement + "GetInsuredPerson":
                await new SettlementService.SettlementServiceClient(channel).GetInsuredPersonAsync(
                    new GetInsuredPersonRequest { Credential = new SettlementCredential { Card = reader0 }, Purpose = "authorization matrix" }, options);
                break;
            case Hospital + "RegisterOutpatient":
            case Hospital + "Admit":
                await VisitAsync(channel, options, admit: method.EndsWith("Admit", StringComparison.Ordinal));
                break;
            case Hospital + "UploadFeeBatch":
                await new HospitalService.HospitalServiceClient(channel).UploadFeeBatchAsync(
                    await FeeBatchAsync(channel, options, client), options);
                break;
            case Hospital + "UploadFees":
                var batch = await FeeBatchAsync(channel, options, client);
                using (var upload = new HospitalService.HospitalServiceClient(channel).UploadFees(options))
                {
                    await upload.RequestStream.WriteAsync(batch);
                    await upload.RequestStream.CompleteAsync();
                    await upload.ResponseAsync;
                }
                break;
            case Hospital + "Discharge":
                await new HospitalService.HospitalServiceClient(channel).DischargeAsync(new DischargeRequest
                {
                    IdempotencyKey = Guid.NewGuid().ToString("N"),
                    Credential = new SettlementCredential { Card = reader0 },
                    VisitId = client.Scopes.Contains("settlement") ? await VisitAsync(channel, options, admit: true) : "no-stay",
                    Diagnosis = new Diagnosis { Code = "J18.900", Name = "肺炎" },
                    Purpose = "authorization matrix",
                }, options);
                break;
            case Hospital + "CancelVisitStep":
                await new HospitalService.HospitalServiceClient(channel).CancelVisitStepAsync(new CancelVisitStepRequest
                {
                    IdempotencyKey = Guid.NewGuid().ToString("N"),
                    Credential = new SettlementCredential { Card = reader0 },
                    VisitId = client.Scopes.Contains("settlement") ? await VisitAsync(channel, options, admit: false) : "no-visit",
                    Step = VisitStep.Registration,
                    Purpose = "authorization matrix",
                }, options);
                break;
            case Hospital + "CancelFees":
                await new HospitalService.HospitalServiceClient(channel).CancelFeesAsync(new CancelFeesRequest
                {
                    IdempotencyKey = Guid.NewGuid().ToString("N"),
                    Credential = new SettlementCredential { Card = reader0 },
                    VisitId = client.Scopes.Contains("settlement") ? await VisitAsync(channel, options, admit: false) : "no-visit",
                    Scenario = SettlementScenario.Outpatient,
                    Purpose = "authorization matrix",
                }, options);
                break;
            default:
                throw new Xunit.Sdk.XunitException($"the matrix has no valid request for {method}: add one");
        }
    }

    private static Bill MatrixBill => new() { Scenario = SettlementScenario.Outpatient, TotalFen = 100 };

    private static async Task<string> SettleAsync(Grpc.Net.Client.GrpcChannel channel, CallOptions options)
    {
        var key = Guid.NewGuid().ToString("N");
        await new SettlementService.SettlementServiceClient(channel).SettleAsync(new SettleRequest
        {
            IdempotencyKey = key,
            Credential = new SettlementCredential { Card = new CardTarget { Reader = ServiceRig.Reader0 } },
            Bill = MatrixBill,
            Pin = Pin,
            Purpose = "authorization matrix",
        }, options);
        return key;
    }

    // A fresh outpatient registration or inpatient admission of the card in reader 0; its visit id.
    private static async Task<string> VisitAsync(Grpc.Net.Client.GrpcChannel channel, CallOptions options, bool admit)
    {
        var hospital = new HospitalService.HospitalServiceClient(channel);
        var credential = new SettlementCredential { Card = new CardTarget { Reader = ServiceRig.Reader0 } };
        var number = Guid.NewGuid().ToString("N");
        var visit = admit
            ? await hospital.AdmitAsync(new AdmitRequest
            {
                IdempotencyKey = number,
                Credential = credential,
                InpatientNo = number,
                Diagnosis = new Diagnosis { Code = "J18.900", Name = "肺炎" },
                Purpose = "authorization matrix",
            }, options)
            : await hospital.RegisterOutpatientAsync(
                new RegisterOutpatientRequest { IdempotencyKey = number, Credential = credential, OutpatientNo = number, Purpose = "authorization matrix" },
                options);
        return visit.VisitId;
    }

    private static async Task<UploadFeeBatchRequest> FeeBatchAsync(Grpc.Net.Client.GrpcChannel channel, CallOptions options, ApiKeyClient client) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Credential = new SettlementCredential { Card = new CardTarget { Reader = ServiceRig.Reader0 } },
        VisitId = client.Scopes.Contains("settlement") ? await VisitAsync(channel, options, admit: false) : "no-visit",
        Scenario = SettlementScenario.Outpatient,
        Items = { new FeeDetail { SerialNo = "1", ListCode = "XB01", InstitutionListCode = "H1", Quantity = "1", UnitPriceFen = 100, TotalFen = 100 } },
        Purpose = "authorization matrix",
    };
}
