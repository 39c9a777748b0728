using System.Collections.Concurrent;
using System.Text.Json;
using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Centre;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Settlement.Tests.Centre;

/// <summary>The adapter wired to an in-process simulated centre over real loopback HTTP, counting what it sends.</summary>
internal sealed class CentreTestBed : IAsyncDisposable
{
    public const string Person = "SIMPSN0001";
    public const string PoorPerson = "SIMPSN0002";
    public const string Card = "SIMC00000001";

    private readonly HttpClient _http;

    private CentreTestBed(SimulatedCentre centre, Action<CentreOptions>? configure)
    {
        Centre = centre;
        Sent = new SentCounter();
        _http = new HttpClient(Sent) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new CentreOptions
        {
            ServiceUri = centre.ServiceUri,
            InstitutionCode = "H99000000001",
            InstitutionName = "测试医院",
            TreatmentAreaCode = "110000",
            OperatorCode = "SIMOP01",
            OperatorName = "测试操作员",
            DeviceNo = "SIMDEV01",
            CallTimeout = TimeSpan.FromSeconds(2),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        Adapter = new HttpSettlementCentre(_http, options, Time, NullLogger<HttpSettlementCentre>.Instance);
    }

    public SimulatedCentre Centre { get; }

    public HttpSettlementCentre Adapter { get; }

    public ManualTimeProvider Time { get; } = new();

    public SentCounter Sent { get; }

    public static CentreTestBed Start(Action<CentreOptions>? configure = null) =>
        new(SimulatedCentre.Start(new SimulatedCentreOptions()), configure);

    public static SettlementRequest Bill(long totalFen, string person = Person) =>
        new(person, CertificateType.SocialSecurityCard, Card, totalFen);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Centre.DisposeAsync();
    }

    /// <summary>Counts the envelopes the adapter puts on the wire, per transaction code, and the connections it opens.</summary>
    internal sealed class SentCounter : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, int> _sent = new(StringComparer.Ordinal);
        private int _connections;

        public SentCounter()
        {
            InnerHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellationToken) =>
                {
                    Interlocked.Increment(ref _connections);
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                        return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
        }

        public int this[string infNo] => _sent.GetValueOrDefault(infNo);

        /// <summary>The TCP connections opened to the centre, refused ones included.</summary>
        public int Connections => Volatile.Read(ref _connections);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            using var envelope = JsonDocument.Parse(body);
            _sent.AddOrUpdate(envelope.RootElement.GetProperty("infno").GetString()!, 1, (_, n) => n + 1);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
