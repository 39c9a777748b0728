using System.Net;
using System.Text.Json;
using CardBridge.Api.V1;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.OpenApi.Readers;

namespace CardBridge.Service.Tests.Web;

/// <summary>The web listener apart from the gRPC ones, and the OpenAPI document it serves.</summary>
public sealed class WebListenerTests
{
    private static readonly ServiceDescriptor[] Services =
    [
        ReaderService.Descriptor, IdentityService.Descriptor, CardService.Descriptor, JournalService.Descriptor, SettlementService.Descriptor,
        HospitalService.Descriptor, TransitService.Descriptor, SimulatorService.Descriptor, StandardInterfaceService.Descriptor,
    ];

    [Fact]
    public async Task The_web_face_is_not_served_on_the_grpc_listener()
    {
        await using var web = await WebRig.StartAsync();
        using var http2 = new HttpClient { BaseAddress = web.Rig.Address, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var grpcWeb = new HttpRequestMessage(HttpMethod.Post, "/cardbridge.v1.ReaderService/ListReaders")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]) { Headers = { { "Content-Type", "application/grpc-web" } } },
        };

        var json = await http2.GetAsync(new Uri("/v1/readers", UriKind.Relative));
        var openApi = await http2.GetAsync(new Uri("/openapi.json", UriKind.Relative));
        var translated = await http2.SendAsync(grpcWeb);
        var onWeb = await web.Http.GetAsync(new Uri("/v1/readers", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, openApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, translated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onWeb.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_is_valid_and_names_every_rpc_with_an_http_rule()
    {
        await using var web = await WebRig.StartAsync();

        var response = await web.Http.GetAsync(new Uri("/openapi.json", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        var document = new OpenApiStringReader().Read(text, out var diagnostic);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(diagnostic.Errors.Count == 0, string.Join('\n', diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.StartsWith("3.0", JsonDocument.Parse(text).RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var bindings = Bindings().ToList();
        Assert.Equal(
            ["Admit", "AwaitCredential", "CancelFees", "CancelVisitStep", "ChangePin", "Discharge", "GetInsuredPerson", "GetPinStatus",
             "GetTerminalInfo", "HsmStep1", "HsmStep2", "ListReaders", "PreSettle", "QueryAccount", "ReadBankAccount", "ReadCard",
             "ReadCardBas", "ReadCardFile", "ReadMedicalRecords", "RegisterOutpatient", "ReloadPin", "Reverse", "Settle", "Stats", "Tap",
             "UnblockPin", "UploadFeeBatch", "VerifyPin", "WatchDecisions", "WatchEvents"],
            bindings.Select(b => b.Method.Name).Distinct().Order(StringComparer.Ordinal));
        var operations = document.Paths.SelectMany(path => path.Value.Operations.Select(op => (Verb: op.Key.ToString().ToUpperInvariant(), Path: Shape(path.Key), op.Value)))
            .ToList();
        foreach (var (method, verb, path) in bindings)
        {
            var operation = operations.SingleOrDefault(o => o.Verb == verb && o.Path == Shape(path)).Value;
            Assert.True(operation is not null, $"{method.FullName}: {verb} {path} is not in /openapi.json");
            // The rpc's comment from the proto describes the operation.
            Assert.Contains($"`{verb} {path}`", operation.Summary + operation.Description, StringComparison.Ordinal);
        }
        Assert.Equal(bindings.Count, operations.Count);
    }

    [Fact]
    public async Task OpenApi_document_names_the_listener_it_was_fetched_from_as_its_server()
    {
        await using var web = await WebRig.StartAsync();

        var text = await web.Http.GetStringAsync(new Uri("/openapi.json", UriKind.Relative));

        var server = JsonDocument.Parse(text).RootElement.GetProperty("servers")[0].GetProperty("url").GetString();
        Assert.Equal(web.Rig.WebAddress.GetLeftPart(UriPartial.Authority), server);
    }

    // Every (rpc, HTTP verb, path template) of the contract's google.api.http rules, additional bindings included.
    private static IEnumerable<(MethodDescriptor Method, string Verb, string Path)> Bindings()
    {
        foreach (var method in Services.SelectMany(s => s.Methods))
        {
            if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
            {
                continue;
            }
            foreach (var binding in rule.AdditionalBindings.Prepend(rule))
            {
                yield return binding.PatternCase switch
                {
                    HttpRule.PatternOneofCase.Get => (method, "GET", binding.Get),
                    HttpRule.PatternOneofCase.Post => (method, "POST", binding.Post),
                    _ => throw new Xunit.Sdk.XunitException($"{method.FullName}: the web face uses GET and POST only, not {binding.PatternCase}"),
                };
            }
        }
    }

    // Path parameters are named after the JSON field ({target.sessionId}) in the document, after the proto field in the rule.
    private static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]*\}", "{}");
}
