using System.Reflection;
using System.Text.Json;
using CardBridge.Tests.Shared;
using Google.Protobuf.Reflection;
using CardBridge.Service.Tests.Web;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Api;

/// <summary>
/// A request body that does not parse, on every method the service maps (found from its endpoints, so a method added
/// later is covered without a list) and on every listener: INVALID_ARGUMENT with reason INVALID_REQUEST, one audit line
/// per call, at most one log line per caller, never a stack trace.
/// </summary>
public sealed class GarbageOnEveryMethodTests
{
    // Field 1 with wire type 7, which does not exist: no message of any type parses from it.
    private static readonly byte[] Garbage = [0x0F];
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    // No credential (the anonymous local caller), and an API key nobody has (an unrecognised caller).
    private static readonly string?[] Callers = [null, "not-a-key-of-anyone"];

    [Fact]
    public async Task Every_grpc_method_answers_a_garbage_body_INVALID_REQUEST_audited_once_per_call_and_logged_once_per_caller()
    {
        await using var web = await WebRig.StartAsync();
        var methods = GrpcMethods(web.Rig);

        await AssertEveryMethodRefusesAsync(web.Rig.Channel, methods);
        using (var grpcWeb = GrpcChannel.ForAddress(web.Rig.WebAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = System.Net.HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        }))
        {
            // gRPC-Web carries no client streams.
            await AssertEveryMethodRefusesAsync(grpcWeb, methods.Where(m => m.Type is MethodType.Unary or MethodType.ServerStreaming).ToList());
        }

        Assert.Contains(methods, m => m.FullName == "/cardbridge.v1.IdentityService/ReadCard");
        Assert.Contains(methods, m => m.FullName == "/cardbridge.v1.ReaderService/WatchEvents");
        Assert.Contains(methods, m => m.FullName == "/cardbridge.v1.HospitalService/UploadFees");
        Assert.Contains(methods, m => m.FullName == "/grpc.health.v1.Health/Check");
        foreach (var method in methods)
        {
            var expected = (method.Type is MethodType.DuplexStreaming or MethodType.ClientStreaming ? 1 : 2) * Callers.Length;
            Assert.True(expected == AuditReasons(web.Rig.Directory, method.FullName).Count(r => r == "INVALID_REQUEST"), $"{method.FullName}: audit lines");
        }
    }

    [Fact]
    public async Task Every_json_route_with_a_body_answers_unparsable_json_a_400_with_INVALID_REQUEST()
    {
        await using var web = await WebRig.StartAsync();
        var routes = web.Rig.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { HttpRule.Body.Length: > 0 })
            .ToList();
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            var path = "/" + string.Concat(route.RoutePattern.PathSegments.Select((segment, i) =>
                (i == 0 ? "" : "/") + string.Concat(segment.Parts.Select(part => part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => "x",
                }))));
            foreach (var json in (string[])["not json", "{", """{"purpose": 5, "noSuchField": true}"""])
            {
                var (status, body, _) = await web.SendAsync(WebRig.Request(HttpMethod.Post, path, WebRig.ListedOrigin, json));

                Assert.True(status == System.Net.HttpStatusCode.BadRequest, $"{path} {json}: {status} {body}");
                var info = WebRig.ErrorInfoOf(body, StatusCode.InvalidArgument);
                Assert.Equal("INVALID_REQUEST", info.GetProperty("reason").GetString());
                Assert.Equal("*", info.GetProperty("metadata").GetProperty("field").GetString());
            }
        }
    }

    // Out of process: in-process services share Serilog's static logger, so only a service of its own has a log of its own.
    [Fact]
    public async Task Garbage_on_every_method_is_logged_once_per_caller_and_never_with_a_stack_trace()
    {
        var methods = ContractMethods();
        await using var service = await ServiceProcess.StartListeningAsync(["--simulate"]);
        using (var channel = GrpcChannel.ForAddress(service.Address))
        {
            await AssertEveryMethodRefusesAsync(channel, methods);
        }
        Assert.Equal(0, await service.StopAsync(TimeSpan.FromSeconds(15)));

        var log = Lines(service.Directory, "log-*.json");
        Assert.DoesNotContain(log, line => line.Contains("\"@x\"", StringComparison.Ordinal) || line.Contains("   at ", StringComparison.Ordinal));
        // Two callers (the local one, and an unrecognised one known by its address): two lines, whatever the number of calls.
        var refusals = log.Where(line => line.Contains("INVALID_REQUEST", StringComparison.Ordinal)).ToList();
        Assert.True(refusals.Count == Callers.Length, string.Join(Environment.NewLine, refusals));
        Assert.Equal(methods.Count * Callers.Length, Lines(service.Directory, "audit-*.jsonl").Count(line => line.Contains("INVALID_REQUEST", StringComparison.Ordinal)));
    }

    private static List<IMethod> GrpcMethods(ServiceRig rig) =>
    [
        .. rig.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is null)
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
            .OfType<IMethod>()
            .DistinctBy(m => m.FullName),
    ];

    // The methods of the contract's services (every file of CardBridge.Api) and the health service, from their descriptors.
    private static List<IMethod> ContractMethods() =>
    [
        .. typeof(CardBridge.Api.V1.ErrorReason).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Append(Grpc.Health.V1.HealthReflection.Descriptor)
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods)
            .Select(method => (IMethod)new Method<byte[], byte[]>(
                (method.IsClientStreaming, method.IsServerStreaming) switch
                {
                    (true, true) => MethodType.DuplexStreaming,
                    (true, false) => MethodType.ClientStreaming,
                    (false, true) => MethodType.ServerStreaming,
                    _ => MethodType.Unary,
                },
                method.Service.FullName, method.Name, Raw, Raw)),
    ];

    private static async Task AssertEveryMethodRefusesAsync(GrpcChannel channel, IReadOnlyList<IMethod> methods)
    {
        var invoker = channel.CreateCallInvoker();
        foreach (var method in methods)
        {
            foreach (var key in Callers)
            {
                var raw = new Method<byte[], byte[]>(method.Type, method.ServiceName, method.Name, Raw, Raw);
                var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(invoker, raw, ServiceRig.WithKey(key, TimeSpan.FromSeconds(20))));

                Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{method.FullName} ({key ?? "no key"}): {error.Status}");
                var info = error.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>();
                Assert.Equal("INVALID_REQUEST", info?.Reason);
                Assert.Equal("*", info?.Metadata["field"]);
            }
        }
    }

    private static async Task CallAsync(CallInvoker invoker, Method<byte[], byte[]> method, CallOptions options)
    {
        switch (method.Type)
        {
            case MethodType.Unary:
                await invoker.AsyncUnaryCall(method, null, options, Garbage);
                break;
            case MethodType.ServerStreaming:
                using (var call = invoker.AsyncServerStreamingCall(method, null, options, Garbage))
                {
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                    }
                }
                break;
            case MethodType.ClientStreaming:
                using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                {
                    await call.RequestStream.WriteAsync(Garbage);
                    await call.RequestStream.CompleteAsync();
                    await call.ResponseAsync;
                }
                break;
            default:
                using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                {
                    await call.RequestStream.WriteAsync(Garbage);
                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                    }
                }
                break;
        }
    }

    private static List<string?> AuditReasons(string directory, string rpc) =>
    [
        .. Lines(directory, "audit-*.jsonl")
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.GetProperty("Rpc").GetString() == rpc)
            .Select(line => line.TryGetProperty("Reason", out var reason) ? reason.GetString() : null),
    ];

    private static List<string> Lines(string directory, string pattern) =>
    [
        .. Directory.GetFiles(directory, pattern).SelectMany(file =>
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }),
    ];
}
