using System.Text;
using System.Text.Json;
using CardBridge.Service.Auditing;
using CardBridge.Service.Configuration;
using Grpc.Core;
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
    public void Flush_of_the_writer_is_an_fsync_of_the_file()
    {
        var path = Path.Combine(_directory, "audit.jsonl");
        using var file = new RecordingFileStream(path);
        using var writer = new StreamWriter(new DurableAuditFile().OnFileOpened(path, file, Encoding.UTF8));

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

        Assert.Throws<InvalidOperationException>(() => new DurableAuditFile().OnFileOpened("x", memory, Encoding.UTF8));
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
