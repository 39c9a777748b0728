using System.Text;
using System.Text.Json;
using CardBridge.Service.Auditing;
using CardBridge.Service.Configuration;
using Grpc.Core;
using Microsoft.Win32.SafeHandles;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Tests.Auditing;

public sealed class DurableAuditFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cardbridge-audit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class RecordingFileStream(string path) : FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)
    {
        public List<bool> Flushes { get; } = [];

        public override void Flush(bool flushToDisk)
        {
            Flushes.Add(flushToDisk);
            base.Flush(flushToDisk);
        }
    }

    [Fact]
    public void With_SyncEachLine_flush_of_the_writer_is_an_fsync_of_the_file()
    {
        var path = Path.Combine(_directory, "audit.jsonl");
        using var file = new RecordingFileStream(path);
        using var writer = new StreamWriter(new DurableAuditFile(syncEachLine: true).OnFileOpened(path, file, Encoding.UTF8));

        writer.Write("{\"line\":1}\n");
        writer.Flush();

        Assert.Equal([true], file.Flushes);
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Equal("{\"line\":1}\n", new StreamReader(reader).ReadToEnd());
    }

    [Fact]
    public void Stream_other_than_a_file_is_refused_rather_than_written_without_durability()
    {
        using var memory = new MemoryStream();

        Assert.Throws<InvalidOperationException>(() => new DurableAuditFile(syncEachLine: false).OnFileOpened("x", memory, Encoding.UTF8));
        Assert.Throws<InvalidOperationException>(() => new DurableAuditFile(syncEachLine: true).OnFileOpened("x", memory, Encoding.UTF8));
    }

    [Fact]
    public void Flush_of_the_writer_writes_the_line_to_the_file_and_the_fsync_follows_without_the_caller()
    {
        var path = Path.Combine(_directory, "audit.jsonl");
        using var disk = new BlockingDisk();
        using var file = new RecordingFileStream(path);
        using (var writer = new StreamWriter(new DurableAuditFile(syncEachLine: false, disk.FlushToDisk).OnFileOpened(path, file, Encoding.UTF8)))
        {
            // Taking the file's handle flushed its (empty) buffer.
            file.Flushes.Clear();
            writer.Write("{\"line\":1}\n");
            // Returns while the fsync it asked for is held: the caller does not wait for the disk.
            writer.Flush();

            Assert.Equal([false], file.Flushes);
            Assert.Equal("{\"line\":1}\n", ReadAll(path));
            Assert.True(disk.Started.Wait(Timeout));
            Assert.Same(file.SafeFileHandle, disk.Handles.Single());
            disk.ReleaseAll();
        }
        // Closing forces what is left to disk on the closing thread.
        Assert.True(file.Flushes[^1]);
        Assert.DoesNotContain(true, file.Flushes.Take(file.Flushes.Count - 1));
    }

    [Fact]
    public void Lines_written_during_an_fsync_get_an_fsync_that_starts_after_them()
    {
        var path = Path.Combine(_directory, "audit.jsonl");
        using var disk = new BlockingDisk();
        using var file = new RecordingFileStream(path);
        using var writer = new StreamWriter(new DurableAuditFile(syncEachLine: false, disk.FlushToDisk).OnFileOpened(path, file, Encoding.UTF8));
        writer.Write("{\"line\":1}\n");
        writer.Flush();
        Assert.True(disk.Started.Wait(Timeout));
        disk.Started.Reset();

        writer.Write("{\"line\":2}\n");
        writer.Flush();
        writer.Write("{\"line\":3}\n");
        writer.Flush();
        Assert.Single(disk.Handles);
        disk.Release();

        Assert.True(disk.Started.Wait(Timeout));
        Assert.Equal(2, disk.Handles.Count);
        Assert.Equal(3, disk.BytesAtStart[1] / "{\"line\":1}\n".Length);
        disk.ReleaseAll();
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static string ReadAll(string path)
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(reader).ReadToEnd();
    }

    // Stands for the disk: each flush to disk records the handle and the file's length then, and waits for the test.
    private sealed class BlockingDisk : IDisposable
    {
        private readonly SemaphoreSlim _release = new(0);

        public ManualResetEventSlim Started { get; } = new();

        public List<SafeFileHandle> Handles { get; } = [];

        public List<long> BytesAtStart { get; } = [];

        public void FlushToDisk(SafeFileHandle handle)
        {
            lock (Handles)
            {
                Handles.Add(handle);
                BytesAtStart.Add(RandomAccess.GetLength(handle));
            }
            Started.Set();
            if (!_release.Wait(Timeout))
            {
                throw new IOException("the test did not release the flush");
            }
        }

        public void Release() => _release.Release();

        /// <summary>This flush and every later one go through.</summary>
        public void ReleaseAll() => _release.Release(int.MaxValue / 2);

        public void Dispose()
        {
            Started.Dispose();
            _release.Dispose();
        }
    }

    [Fact]
    public void Audit_line_is_in_the_file_when_Write_returns()
    {
        using var audit = new AuditLog(Options.Create(new AuditOptions { Path = Path.Combine(_directory, "audit-.jsonl") }), TimeProvider.System);
        var entry = new AuditEntry { Rpc = "/cardbridge.v1.IdentityService/ReadCard", ClientId = "his", Purpose = "registration" };

        audit.Write(entry, StatusCode.OK, null, TimeSpan.FromMilliseconds(1.5));

        var file = Assert.Single(Directory.GetFiles(_directory, "audit-*.jsonl"));
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var line = JsonDocument.Parse(new StreamReader(stream).ReadToEnd()).RootElement;
        Assert.Equal("his", line.GetProperty("Client").GetString());
        Assert.Equal("registration", line.GetProperty("Purpose").GetString());
        Assert.Equal("OK", line.GetProperty("Outcome").GetString());
    }
}
