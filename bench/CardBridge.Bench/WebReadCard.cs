using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CardBridge.Api.V1;
using CardBridge.Service.Web;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Bench;

/// <summary>
/// IdentityService.ReadCard of a pre-read session through the three faces of one in-process service in simulator mode,
/// one client each, taking turns in rounds so that machine noise falls on all alike: the JSON face over HTTP/1.1
/// (<c>GET /v1/sessions/{id}/identity</c>, as a page's fetch), gRPC-Web over HTTP/1.1 (as a browser library), both on
/// the web listener from a listed origin, and native gRPC over HTTP/2 on the loopback listener. All three get the same
/// full identity (the origin and the local caller both have identity.full). Measured twice, the first pass discarded,
/// so the JIT has settled on both sides.
/// </summary>
internal static class WebReadCard
{
    public const string Name = "web-read-card";

    private const int Rounds = 20;
    private const int WarmUpCalls = 500;
    private const string PageOrigin = "http://127.0.0.1:8080";

    // What the issue asks of the JSON face: no more than twice native gRPC at the median.
    private const double JsonBudget = 2.0;

    public static async Task<Result> RunAsync(int iterations, CancellationToken cancellationToken)
    {
        var loadBefore = Conditions.LoadAverage();
        await using var service = await InProcessService.StartSimulatedAsync(1, _ =>
        [
            new("Listeners:Web:Port", "0"),
            new("Web:Origins:0:Origin", PageOrigin),
            new("Web:Origins:0:Scopes:0", "identity.full"),
        ], cancellationToken);
        var web = service.Services.GetRequiredService<WebEndpoint>().Address ?? throw new InvalidOperationException("the web listener is not bound");
        var session = service.Sessions[0].Id.ToString();

        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = web };
        http.DefaultRequestHeaders.Add("Origin", PageOrigin);
        using var grpcWeb = GrpcChannel.ForAddress(web, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new OriginHandler()),
            HttpVersion = System.Net.HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        using var native = service.NewChannel();
        var faces = new Faces(http, new Uri($"/v1/sessions/{session}/identity?purpose={InProcessService.Purpose}", UriKind.Relative),
            new IdentityService.IdentityServiceClient(grpcWeb), new IdentityService.IdentityServiceClient(native),
            new ReadCardRequest { Target = new CardTarget { SessionId = session }, Purpose = InProcessService.Purpose });

        var jsonBytes = await faces.CheckAsync(cancellationToken);
        await MeasureAsync(faces, iterations, cancellationToken);
        var (json, web64, grpc, total) = await MeasureAsync(faces, iterations, cancellationToken);
        return new Result(total, json, web64, grpc, jsonBytes, loadBefore, Conditions.LoadAverage());
    }

    private static async Task<(Samples Json, Samples GrpcWeb, Samples Native, int Total)> MeasureAsync(
        Faces faces, int iterations, CancellationToken cancellationToken)
    {
        var turns = new Turns(Rounds, iterations);
        var json = new Series();
        var grpcWeb = new Series();
        var native = new Series();
        await turns.TakeAsync(
            new Turn(WarmUpCalls, turns.PerRound, (count, pass) => pass.Into(json).TimeAsync(count, () => faces.JsonAsync(cancellationToken))),
            new Turn(WarmUpCalls, turns.PerRound, (count, pass) =>
                pass.Into(grpcWeb).TimeAsync(count, () => faces.GrpcWeb.ReadCardAsync(faces.Request, cancellationToken: cancellationToken).ResponseAsync)),
            new Turn(WarmUpCalls, turns.PerRound, (count, pass) =>
                pass.Into(native).TimeAsync(count, () => faces.Native.ReadCardAsync(faces.Request, cancellationToken: cancellationToken).ResponseAsync)));
        return (json.Summary(), grpcWeb.Summary(), native.Summary(), turns.Total);
    }

    private sealed record Faces(
        HttpClient Http, Uri JsonPath, IdentityService.IdentityServiceClient GrpcWeb, IdentityService.IdentityServiceClient Native, ReadCardRequest Request)
    {
        // A page reads the whole body and parses it; so does this.
        public async Task JsonAsync(CancellationToken cancellationToken)
        {
            using var response = await Http.GetAsync(JsonPath, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var parsed = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }

        /// <summary>Checks that all three faces answer the same full identity; returns the JSON body's size.</summary>
        public async Task<int> CheckAsync(CancellationToken cancellationToken)
        {
            var text = await Http.GetStringAsync(JsonPath, cancellationToken);
            var name = JsonDocument.Parse(text).RootElement.GetProperty("identity").GetProperty("holder").GetProperty("name").GetString();
            var viaWeb = (await GrpcWeb.ReadCardAsync(Request, cancellationToken: cancellationToken)).Identity.Holder.Name;
            var viaNative = (await Native.ReadCardAsync(Request, cancellationToken: cancellationToken)).Identity.Holder.Name;
            if (name is not { Length: > 0 } || name != viaWeb || name != viaNative)
            {
                throw new InvalidOperationException("the three faces did not answer the same full identity");
            }
            return System.Text.Encoding.UTF8.GetByteCount(text);
        }
    }

    // The Origin header a browser adds to a page's gRPC-Web calls.
    private sealed class OriginHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("Origin", PageOrigin);
            return base.SendAsync(request, cancellationToken);
        }
    }

    internal sealed record Result(
        [property: JsonPropertyName("iterations")] int Iterations,
        [property: JsonPropertyName("read_card_json_http1")] Samples Json,
        [property: JsonPropertyName("read_card_grpc_web_http1")] Samples GrpcWeb,
        [property: JsonPropertyName("read_card_grpc_native_http2")] Samples Native,
        [property: JsonPropertyName("json_response_bytes")] int JsonBytes,
        [property: JsonPropertyName("load_average_before")] string LoadBefore,
        [property: JsonPropertyName("load_average_after")] string LoadAfter) : IBenchmarkResult
    {
        [JsonPropertyName("benchmark")]
        public string Benchmark { get; } = Name;

        [JsonPropertyName("what")]
        public string What { get; } =
            "IdentityService.ReadCard of a pre-read third-generation card session, the real service in-process in simulator mode (audit + log files on), ms per call, one client per face taking turns: " +
            "the JSON face over HTTP/1.1 (GET /v1/sessions/{id}/identity, body read and parsed) and gRPC-Web over HTTP/1.1, both on the web listener with a listed page Origin, vs native gRPC over HTTP/2 on the loopback listener; after a discarded pass that lets the JIT settle";

        [JsonPropertyName("ratio_json_to_native")]
        public Ratio JsonRatio => Ratio.Of(Json, Native);

        [JsonPropertyName("ratio_grpc_web_to_native")]
        public Ratio GrpcWebRatio => Ratio.Of(GrpcWeb, Native);

        [JsonPropertyName("json_within_2x_native_at_median")]
        public bool JsonWithinBudget => JsonRatio.Median <= JsonBudget;

        [JsonPropertyName("machine")]
        public string Machine { get; } = Conditions.Machine;

        [JsonPropertyName("gc")]
        public string Gc { get; } = Conditions.Gc;

        public string Describe() => string.Join('\n',
            string.Create(CultureInfo.InvariantCulture, $"{Name}: {Iterations} calls per face, one client each ({JsonBytes} B JSON response)"),
            Line("JSON, HTTP/1.1       ", Json),
            Line("gRPC-Web, HTTP/1.1   ", GrpcWeb),
            Line("native gRPC, HTTP/2  ", Native),
            string.Create(CultureInfo.InvariantCulture, $"  ratio JSON/native      median {JsonRatio.Median:F2}  p99 {JsonRatio.P99:F2}  (budget {JsonBudget:F1} at the median: {(JsonWithinBudget ? "met" : "NOT met")})"),
            string.Create(CultureInfo.InvariantCulture, $"  ratio gRPC-Web/native  median {GrpcWebRatio.Median:F2}  p99 {GrpcWebRatio.P99:F2}"),
            $"  {Gc} GC; load average before {LoadBefore}, after {LoadAfter}");

        private static string Line(string label, Samples samples) => string.Create(CultureInfo.InvariantCulture,
            $"  {label} median {samples.MedianMs:F4} ms  p99 {samples.P99Ms:F4} ms  mean {samples.MeanMs:F4} ms");
    }
}
