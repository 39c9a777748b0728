using System.Text;

namespace CardBridge.Qr.Sources;

/// <summary>
/// A keyboard-wedge input already decoded to characters (stdin, a pipe): read in bounded chunks — never
/// <see cref="TextReader.ReadLineAsync()"/>, which buffers a line without limit — and re-encoded as UTF-8 for the framer.
/// </summary>
internal sealed class TextReaderScanInput(TextReader reader, bool ownsReader) : IScanInput
{
    private const int ChunkChars = 256;
    private readonly char[] _chars = new char[ChunkChars];
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();

    public TimeSpan? PresenceCheckInterval => null;

    public bool IsPresent() => true;

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // A char encodes to at most 3 UTF-8 bytes (a surrogate pair's two chars to 4), so a chunk must fit.
        var max = Math.Min(ChunkChars, buffer.Length / 3);
        if (max == 0)
        {
            throw new ArgumentException("The buffer is too small for one character.", nameof(buffer));
        }
        while (true)
        {
            // Console.In reads synchronously even through ReadAsync: off the caller's thread, so that stopping never waits for a keystroke.
            var read = await Task.Run(() => reader.ReadAsync(_chars.AsMemory(0, max), cancellationToken).AsTask(), cancellationToken);
            if (read == 0)
            {
                return _encoder.GetBytes(ReadOnlySpan<char>.Empty, buffer.Span, flush: true);
            }
            var bytes = _encoder.GetBytes(_chars.AsSpan(0, read), buffer.Span, flush: false);
            if (bytes > 0)
            {
                return bytes;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (ownsReader)
        {
            reader.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
