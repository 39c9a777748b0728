using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using CardBridge.Service.Api;
using Grpc.Core;

namespace CardBridge.Service.Tests.Api;

/// <summary>
/// The frame headers of a request body are checked wherever the reads cut them, and as soon as they have arrived:
/// read as grpc-dotnet reads (a whole message consumed, or nothing consumed and everything examined).
/// </summary>
public sealed class FrameLengthReaderTests
{
    private const int Limit = 100;

    [Fact]
    public async Task Frames_at_the_limit_arriving_a_byte_at_a_time_are_read_whole_and_unchanged()
    {
        var pipe = new Pipe();
        byte[] body = [.. Frame(Limit, 1), .. Frame(0, 2), .. Frame(7, 3), .. Frame(Limit, 4)];
        var reading = ReadFramesAsync(new FrameLengthReader(pipe.Reader, Limit, Refusal));

        foreach (var b in body)
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }
        await pipe.Writer.CompleteAsync();

        Assert.Equal([Frame(Limit, 1), Frame(0, 2), Frame(7, 3), Frame(Limit, 4)], await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_header_over_the_limit_is_refused_when_its_last_byte_arrives_with_nothing_of_its_message()
    {
        var pipe = new Pipe();
        var reading = ReadFramesAsync(new FrameLengthReader(pipe.Reader, Limit, Refusal));
        var header = Header(Limit + 1);

        await pipe.Writer.WriteAsync(Frame(3, 9));
        await pipe.Writer.WriteAsync(header.AsMemory(0, 4));
        await Task.Delay(50);
        Assert.False(reading.IsCompleted);
        await pipe.Writer.WriteAsync(header.AsMemory(4));

        var error = await Assert.ThrowsAsync<RpcException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task A_later_frame_over_the_limit_in_the_same_read_is_refused_before_the_first_is_handed_on()
    {
        var pipe = new Pipe();
        byte[] body = [.. Frame(Limit, 1), .. Header(uint.MaxValue), .. new byte[3]];
        await pipe.Writer.WriteAsync(body);
        var reader = new FrameLengthReader(pipe.Reader, Limit, Refusal);

        await Assert.ThrowsAsync<RpcException>(async () => await reader.ReadAsync());
    }

    private static RpcException Refusal() => new(new Status(StatusCode.ResourceExhausted, "too large"));

    private static byte[] Header(uint length)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    private static byte[] Frame(int length, byte fill) => [.. Header((uint)length), .. Enumerable.Repeat(fill, length)];

    // As grpc-dotnet: a whole frame is consumed once it is all there; until then nothing is, and all is examined.
    private static async Task<List<byte[]>> ReadFramesAsync(PipeReader reader)
    {
        var frames = new List<byte[]>();
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            if (buffer.Length >= 5)
            {
                var header = buffer.Slice(0, 5).ToArray();
                var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
                if (buffer.Length >= 5 + length)
                {
                    frames.Add(buffer.Slice(0, 5 + length).ToArray());
                    reader.AdvanceTo(buffer.GetPosition(5 + length));
                    continue;
                }
            }
            if (result.IsCompleted)
            {
                Assert.Equal(0, buffer.Length);
                return frames;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
