using System.Text;
using Serilog.Sinks.File;

namespace CardBridge.Service.Auditing;

/// <summary>
/// Makes every audit line reach the disk before the call it records is answered: the file sink (unbuffered)
/// flushes its writer after each line, and this stream turns that flush into <c>fsync</c>. Without it a line sits
/// in the OS cache for up to the sink's flush interval, and a power cut loses the calls just made — an audit
/// trail with a hole where it matters most.
/// </summary>
internal sealed class DurableAuditFile : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding) =>
        underlyingStream is FileStream file
            ? new SyncOnFlushStream(file)
            : throw new InvalidOperationException($"the audit file {path} is not a plain file stream, so its lines cannot be made durable");

    private sealed class SyncOnFlushStream(FileStream file) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => file.Length;

        public override long Position
        {
            get => file.Position;
            set => throw new NotSupportedException();
        }

        public override void Flush() => file.Flush(flushToDisk: true);

        public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                file.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
