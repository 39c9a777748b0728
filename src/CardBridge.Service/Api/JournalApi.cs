using System.Buffers;
using System.IO.Pipelines;
using CardBridge.Api.V1;
using CardBridge.Journal;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using CardBridge.Settlement.Upload;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>JournalService: the offline journal for operators — list, backlog, upload now, chain check, export.</summary>
internal sealed class JournalApi(OfflineJournal journal, JournalUploadLoop uploads, SettlementHost host, TimeProvider time)
    : JournalService.JournalServiceBase
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;

    /// <summary>The most an export chunk carries, unless one line alone is longer.</summary>
    public const int ChunkBytes = 64 * 1024;

    public override async Task<ListJournalRecordsResponse> List(ListJournalRecordsRequest request, ServerCallContext context)
    {
        if (request.FromSequence < 0)
        {
            throw RpcErrors.InvalidRequest("from_sequence", "must not be negative");
        }
        if (request.Limit is < 0 or > MaxListLimit)
        {
            throw RpcErrors.InvalidRequest("limit", $"0 (for {DefaultListLimit}) to {MaxListLimit}");
        }
        var limit = request.Limit == 0 ? DefaultListLimit : request.Limit;
        var records = await journal.ListAsync(JournalMapper.FromProto(request.State), Math.Max(1, request.FromSequence), limit, context.CancellationToken);
        var response = new ListJournalRecordsResponse { Records = { records.Select(JournalMapper.ToProto) } };
        if (records.Count == limit)
        {
            response.NextFromSequence = records[^1].Sequence + 1;
        }
        return response;
    }

    public override async Task<JournalStatsResponse> Stats(JournalStatsRequest request, ServerCallContext context)
    {
        var stats = await journal.StatsAsync(context.CancellationToken);
        var (connectivity, changedAt) = host.Connectivity;
        var response = new JournalStatsResponse
        {
            PendingCount = stats.PendingCount,
            UploadedCount = stats.UploadedCount,
            RejectedCount = stats.RejectedCount,
            VoidedCount = stats.VoidedCount,
            LastSequence = stats.LastSequence,
            Connectivity = JournalMapper.ToProto(connectivity),
        };
        if (stats.OldestPendingAge is { } age)
        {
            response.OldestPendingAge = Duration.FromTimeSpan(age);
        }
        if (changedAt is { } at)
        {
            response.ConnectivityChangedAt = Timestamp.FromDateTimeOffset(at);
        }
        if (host.LastRound is { } last)
        {
            response.LastRound = JournalMapper.ToProto(last.Round, last.CompletedAt);
        }
        return response;
    }

    public override async Task<UploadNowResponse> UploadNow(UploadNowRequest request, ServerCallContext context)
    {
        var round = await uploads.UploadNowAsync(context.CancellationToken);
        return new UploadNowResponse { Round = JournalMapper.ToProto(round, time.GetUtcNow()) };
    }

    public override async Task<VerifyChainResponse> VerifyChain(VerifyChainRequest request, ServerCallContext context) =>
        JournalMapper.ToProto(await journal.VerifyChainAsync(context.CancellationToken));

    public override async Task Export(ExportJournalRequest request, IServerStreamWriter<ExportJournalChunk> responseStream, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var caller = AccessInterceptor.CallerOf(context);
        if (request.IncludePersonal && !(caller.Has(Scopes.JournalAdmin) && caller.Has(Scopes.IdentityFull)))
        {
            throw RpcErrors.Create(StatusCode.PermissionDenied, ErrorReason.ScopeDenied,
                "include_personal needs journal.admin and identity.full", (ErrorDomain.RequiredScope, $"{Scopes.JournalAdmin} {Scopes.IdentityFull}"));
        }
        var personal = request.IncludePersonal ? PersonalFieldExport.Decrypted : PersonalFieldExport.Masked;
        // The journal writes its export to a stream; a pipe turns that into chunks of whole lines as they come, so
        // an export of any size holds little in memory and nothing of it touches the disk.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 * ChunkBytes, resumeWriterThreshold: 2 * ChunkBytes, useSynchronizationContext: false));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var export = Task.Run(() => ExportIntoAsync(pipe.Writer, personal, stop.Token), CancellationToken.None);
        try
        {
            while (true)
            {
                var read = await pipe.Reader.ReadAsync(context.CancellationToken);
                var buffer = read.Buffer;
                while (TakeLines(ref buffer, read.IsCompleted) is { } chunk)
                {
                    await responseStream.WriteAsync(new ExportJournalChunk { Data = ByteString.CopyFrom(chunk.ToArray()) }, context.CancellationToken);
                }
                pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await pipe.Reader.CompleteAsync();
            await export;
        }
    }

    private async Task ExportIntoAsync(PipeWriter writer, PersonalFieldExport personal, CancellationToken cancellationToken)
    {
        try
        {
            await using (var stream = writer.AsStream(leaveOpen: true))
            {
                await journal.ExportAsync(stream, personal, cancellationToken);
            }
            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            // The reader side rethrows it, so the call ends with the journal's error.
            await writer.CompleteAsync(e);
        }
    }

    // Up to ChunkBytes of whole lines (a longer single line goes alone); the rest once the export has ended.
    private static ReadOnlySequence<byte>? TakeLines(ref ReadOnlySequence<byte> buffer, bool ended)
    {
        if (buffer.IsEmpty)
        {
            return null;
        }
        var window = buffer.Slice(0, Math.Min(buffer.Length, ChunkBytes));
        var end = LastNewline(window) ?? (window.Length < buffer.Length ? buffer.PositionOf((byte)'\n') : null);
        if (end is null)
        {
            if (!ended)
            {
                return null;
            }
            var rest = buffer;
            buffer = buffer.Slice(buffer.End);
            return rest;
        }
        var next = buffer.GetPosition(1, end.Value);
        var chunk = buffer.Slice(0, next);
        buffer = buffer.Slice(next);
        return chunk;
    }

    private static SequencePosition? LastNewline(ReadOnlySequence<byte> window)
    {
        SequencePosition? last = null;
        var reader = new SequenceReader<byte>(window);
        while (reader.TryAdvanceTo((byte)'\n', advancePastDelimiter: true))
        {
            last = window.GetPosition(reader.Consumed - 1);
        }
        return last;
    }
}
