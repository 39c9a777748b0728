using CardBridge.Api.V1;
using System.Threading.Channels;
using CardBridge.Service.Hosting;
using CardBridge.Settlement.Centre;
using CardBridge.Terminal;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>ReaderService: the readers and what happens in them.</summary>
internal sealed class ReaderApi(TerminalHost host, ISettlementCentre centre, TimeProvider time) : ReaderService.ReaderServiceBase
{
    private const int OutboxCapacity = 256;

    public override Task<ListReadersResponse> ListReaders(ListReadersRequest request, ServerCallContext context)
    {
        var response = new ListReadersResponse();
        foreach (var reader in host.Terminal.Readers.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var item = new Reader { Name = reader.Name, CardPresent = reader.HasCard };
            if (reader.SessionId is { } id)
            {
                item.SessionId = id.ToString();
            }
            response.Readers.Add(item);
        }
        return Task.FromResult(response);
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<CardBridge.Api.V1.ReaderEvent> responseStream, ServerCallContext context)
    {
        if (request.Reader.Length > CardTargets.MaxReaderNameLength)
        {
            throw RpcErrors.InvalidRequest("reader", $"longer than {CardTargets.MaxReaderNameLength} characters");
        }
        var events = host.Terminal.WatchFromNowAsync(context.CancellationToken);
        // One writer for the stream: reader events and centre connectivity changes meet in this channel. It is
        // bounded, so a client that does not read slows the pump down instead of growing memory.
        var outbox = Channel.CreateBounded<CardBridge.Api.V1.ReaderEvent>(new BoundedChannelOptions(OutboxCapacity) { SingleReader = true });
        void OnCentre(object? sender, CentreConnectivityChangedEventArgs change) =>
            outbox.Writer.TryWrite(EventMapper.ToProto(change));
        centre.ConnectivityChanged += OnCentre;
        try
        {
            // Subscribed: the headers tell the client so even when its reader filter lets no snapshot event through.
            await context.WriteResponseHeadersAsync(new Metadata());
            var pump = PumpAsync(events, request.Reader, outbox.Writer, context.CancellationToken);
            await foreach (var message in outbox.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
            await pump;
        }
        finally
        {
            centre.ConnectivityChanged -= OnCentre;
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
