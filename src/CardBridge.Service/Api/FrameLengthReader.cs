using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>
/// A gRPC request body that reads each message's frame header (a flag byte and a 4-byte big-endian length) as soon as it
/// has arrived, and throws the refusal when the length announced is over the limit: before grpc-dotnet waits for the
/// message and buffers it, so a caller announcing 100 MB is answered at once and costs no memory. grpc-dotnet ends the
/// call with the status and trailers of an <see cref="RpcException"/> thrown while it reads.
/// </summary>
internal sealed class FrameLengthReader(PipeReader inner, long limit, Func<RpcException> refuse) : PipeReader
{
    private const int HeaderSize = 5;

    // Offsets in the body: where the buffer last returned starts, and where the first frame header not yet checked starts.
    // grpc-dotnet consumes whole messages only, never part of a header, so the second is never before the first.
    private long _bufferStart;
    private long _nextHeader;
    private ReadOnlySequence<byte> _buffer;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken);
        Check(result.Buffer);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }
        Check(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _bufferStart += _buffer.Slice(_buffer.Start, consumed).Length;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private void Check(ReadOnlySequence<byte> buffer)
    {
        _buffer = buffer;
        Span<byte> header = stackalloc byte[HeaderSize];
        while (_nextHeader - _bufferStart + HeaderSize <= buffer.Length)
        {
            buffer.Slice(_nextHeader - _bufferStart, HeaderSize).CopyTo(header);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
            if (length > limit)
            {
                // Nothing consumed and the read ended, so the body is left as grpc-dotnet's end of the call expects it.
                inner.AdvanceTo(buffer.Start, buffer.End);
                throw refuse();
            }
            _nextHeader += HeaderSize + length;
        }
    }
}
