using CardBridge.Api.V1;
using System.Threading.Channels;
using CardBridge.Qr.Sources;
using CardBridge.Service.Configuration;
using CardBridge.Service.Credentials;
using CardBridge.Service.Hosting;
using CardBridge.Settlement.Centre;
using CardBridge.Terminal;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Api;

/// <summary>ReaderService: the readers and what happens in them.</summary>
internal sealed class ReaderApi(
    TerminalHost host, ISettlementCentre centre, QrHost qr, PresentationDesk desk, IOptions<ReaderOptions> readers, PsamTerminalNumber terminalNumber,
    TimeProvider time)
    : ReaderService.ReaderServiceBase
{
    private const int OutboxCapacity = 256;

    public override async Task<ListReadersResponse> ListReaders(ListReadersRequest request, ServerCallContext context)
    {
        var response = new ListReadersResponse();
        foreach (var reader in host.Terminal.Readers.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var item = new Reader { Name = reader.Name, CardPresent = reader.HasCard };
            if (reader.SessionId is { } id)
            {
                item.SessionId = id.ToString();
            }
            ReaderFacts.Describe(item, host.Terminal.FeaturesOf(reader.Name), readers.Value);
            response.Readers.Add(item);
        }
        foreach (var (name, connected) in qr.Scanners)
        {
            response.Scanners.Add(new Scanner { Name = name, Connected = connected });
        }
        if (host.PsamSlot is { } psam)
        {
            // A PSAM known unreachable is not asked for its number: the list answers at once.
            response.Psam = new CardBridge.Api.V1.PsamSlot
            {
                Reader = psam.Reader,
                Available = psam.Available,
                Fault = psam.Fault ?? "",
                TerminalNumber = psam.Available ? await terminalNumber.ReadAsync(context.CancellationToken) ?? "" : "",
            };
        }
        return response;
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<CardBridge.Api.V1.ReaderEvent> responseStream, ServerCallContext context)
    {
        if (request.Reader.Length > CardTargets.MaxReaderNameLength)
        {
            throw RpcErrors.InvalidRequest("reader", $"longer than {CardTargets.MaxReaderNameLength} characters");
        }
        var events = host.Terminal.WatchFromNowAsync(context.CancellationToken);
        using var codes = desk.Subscribe(includePresent: false);
        // One writer for the stream: reader events, verified codes and connectivity changes meet in this channel. It is
        // bounded, so a client that does not read slows the pumps down instead of growing memory.
        var outbox = Channel.CreateBounded<CardBridge.Api.V1.ReaderEvent>(new BoundedChannelOptions(OutboxCapacity) { SingleReader = true });
        void OnCentre(object? sender, CentreConnectivityChangedEventArgs change) =>
            outbox.Writer.TryWrite(EventMapper.ToProto(change));
        void OnScanner(object? sender, QrSourceConnectivityEventArgs change)
        {
            if (Passes(request.Reader, change.Scanner))
            {
                outbox.Writer.TryWrite(EventMapper.ToProto(change));
            }
        }
        centre.ConnectivityChanged += OnCentre;
        qr.ScannerConnectivityChanged += OnScanner;
        try
        {
            foreach (var (name, connected) in qr.Scanners.Where(s => Passes(request.Reader, s.Name)))
            {
                outbox.Writer.TryWrite(EventMapper.ToProto(name, connected, time.GetUtcNow()));
            }
            // Subscribed: the headers tell the client so even when its reader filter lets no snapshot event through.
            await context.WriteResponseHeadersAsync(new Metadata());
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            var cardPump = PumpAsync(events, request.Reader, outbox.Writer, stop.Token);
            var codePump = PumpCodesAsync(codes, request.Reader, outbox.Writer, stop.Token);
            try
            {
                await foreach (var message in outbox.Reader.ReadAllAsync(context.CancellationToken))
                {
                    await responseStream.WriteAsync(message, context.CancellationToken);
                }
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(cardPump, codePump);
            }
        }
        finally
        {
            centre.ConnectivityChanged -= OnCentre;
            qr.ScannerConnectivityChanged -= OnScanner;
        }
    }

    private static bool Passes(string filter, string name) => filter.Length == 0 || filter == name;

    private async Task PumpCodesAsync(
        Subscription<DeskChange> codes, string filter, ChannelWriter<CardBridge.Api.V1.ReaderEvent> outbox, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in codes.Reader.ReadAllAsync(cancellationToken))
            {
                if (change is PresentationUpdated { Presentation: CodePresentation code } && Passes(filter, code.Scanner)
                    && EventMapper.ToProto(code, time.GetUtcNow()) is { } message)
                {
                    await outbox.WriteAsync(message, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The stream ended.
        }
    }

    private async Task PumpAsync(
        IAsyncEnumerable<TerminalEvent> events, string readerFilter, ChannelWriter<CardBridge.Api.V1.ReaderEvent> outbox, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in events.WithCancellation(cancellationToken))
            {
                if (readerFilter.Length > 0 && EventMapper.ReaderOf(change) is { } reader && reader != readerFilter)
                {
                    continue;
                }
                if (EventMapper.ToProto(change, time.GetUtcNow()) is { } message)
                {
                    await outbox.WriteAsync(message, cancellationToken);
                }
            }
            outbox.TryComplete();
        }
        catch (Exception e)
        {
            outbox.TryComplete(e);
        }
    }
}
