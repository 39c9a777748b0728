using System.Text;
using Microsoft.Win32.SafeHandles;
using Serilog.Debugging;
using Serilog.Sinks.File;

namespace CardBridge.Service.Auditing;

/// <summary>
/// Makes the audit lines durable. The file sink (unbuffered) flushes its writer after each line, before the call the
/// line records is answered; this stream turns that flush into a <c>write</c> to the file, so the line is in the
/// operating system's hands and outlives a crash or a kill of the service, and then has a thread of its own force the
/// file to disk (<c>fsync</c>) right after, one flush for every line written meanwhile and at most one per
/// <see cref="SyncGap"/> — a power cut can lose only the lines of that last instant, where a flush per second left a
/// second's worth. With <c>syncEachLine</c> the flush is the <c>fsync</c> itself, on the call's path
/// (<see cref="Configuration.AuditOptions.SyncEachLine"/>).
/// </summary>
internal sealed class DurableAuditFile(bool syncEachLine, Action<SafeFileHandle> flushToDisk) : FileLifecycleHooks
{
    /// <summary>
    /// The least time between two flushes to disk. Each costs a thread's wake-up and the kernel's work; back to back
    /// under load they took half the calls a 2-core machine could answer (grpc-read-card, 16 clients), and with one
    /// client they added half again to ReadCard's time. At most a hundred a second cost nothing measurable.
    /// </summary>
    public static readonly TimeSpan SyncGap = TimeSpan.FromMilliseconds(10);

    public DurableAuditFile(bool syncEachLine)
        : this(syncEachLine, RandomAccess.FlushToDisk)
    {
    }

    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding) =>
        underlyingStream is not FileStream file
            ? throw new InvalidOperationException($"the audit file {path} is not a plain file stream, so its lines cannot be made durable")
            : syncEachLine
                ? new SyncOnFlushStream(file)
                : new SyncBehindStream(file, flushToDisk);

    private abstract class AuditFileStream(FileStream file) : Stream
    {
        protected FileStream File => file;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => file.Length;

        public override long Position
        {
            get => file.Position;
            set => throw new NotSupportedException();
        }

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

    private sealed class SyncOnFlushStream(FileStream file) : AuditFileStream(file)
    {
        public override void Flush() => File.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Writes on the caller's flush, forces to disk on a thread of its own. The thread touches only the file's handle
    /// (an <c>fsync</c> of a descriptor another thread writes is safe), never the <see cref="FileStream"/>, which is not
    /// thread-safe. Closing waits for it and forces the rest to disk, so a file rolled over or a service stopped leaves
    /// every line on disk.
    /// </summary>
    private sealed class SyncBehindStream : AuditFileStream
    {
        private readonly SafeFileHandle _handle;
        private readonly Action<SafeFileHandle> _flushToDisk;
        private readonly AutoResetEvent _written = new(initialState: false);
        private readonly Thread _syncer;
        private int _unsynced;
        private volatile bool _closing;

        public SyncBehindStream(FileStream file, Action<SafeFileHandle> flushToDisk)
            : base(file)
        {
            _handle = file.SafeFileHandle;
            _flushToDisk = flushToDisk;
            _syncer = new Thread(SyncLoop) { IsBackground = true, Name = "audit fsync" };
            _syncer.Start();
        }

        public override void Flush()
        {
            File.Flush(flushToDisk: false);
            // One wake-up per flush to disk: lines written while one runs are all covered by the next.
            if (Interlocked.Exchange(ref _unsynced, 1) == 0)
            {
                _written.Set();
            }
        }

        private void SyncLoop()
        {
            while (true)
            {
                _written.WaitOne();
                if (_closing)
                {
                    return;
                }
                Interlocked.Exchange(ref _unsynced, 0);
                try
                {
                    _flushToDisk(_handle);
                }
                catch (IOException e)
                {
                    // What the file sink does with a failed write: the audit log has no log of its own to tell.
                    SelfLog.WriteLine("audit file: forcing lines to disk failed: {0}", e.Message);
                }
                Thread.Sleep(SyncGap);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closing)
            {
                _closing = true;
                _written.Set();
                _syncer.Join();
                _written.Dispose();
                File.Flush(flushToDisk: true);
            }
            base.Dispose(disposing);
        }
    }
}
