using CardBridge.Api.V1;
using CardBridge.Service.Hosting;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>ReaderService: the readers and what happens in them.</summary>
internal sealed class ReaderApi(TerminalHost host, TimeProvider time) : ReaderService.ReaderServiceBase
{
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
        // Subscribed: the headers tell the client so even when its reader filter lets no snapshot event through.
        await context.WriteResponseHeadersAsync(new Metadata());
        await foreach (var change in events)
        {
            if (request.Reader.Length > 0 && EventMapper.ReaderOf(change) is { } reader && reader != request.Reader)
            {
                continue;
            }
            if (EventMapper.ToProto(change, time.GetUtcNow()) is { } message)
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }
    }
}
