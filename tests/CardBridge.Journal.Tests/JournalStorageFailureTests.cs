using System.Diagnostics;
using System.Runtime.Versioning;
using CardBridge.Journal;
using Microsoft.Data.Sqlite;

namespace CardBridge.Journal.Tests;

/// <summary>Storage that refuses writes: the append fails typed, nothing half-written, and the journal stays usable.</summary>
[Trait("Category", "Integration")]
[SupportedOSPlatform("linux")]
public sealed class JournalStorageFailureTests : IDisposable
{
    private readonly JournalTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [LinuxFact]
    public async Task Append_to_a_read_only_file_throws_unavailable_and_stores_nothing()
    {
        await FillAsync(3);
        using var readOnly = ReadOnlyFile.Make(_bed.Path);

        await using (var journal = await _bed.OpenAsync())
        {
            var error = await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.AppendAsync(_bed.Draft(), CancellationToken.None));
            Assert.Equal(JournalUnavailableReason.ReadOnly, error.Reason);
            await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.MarkUploadedAsync(1, "R1", CancellationToken.None));
            Assert.Equal(3, (await journal.StatsAsync(CancellationToken.None)).LastSequence);
        }

        readOnly.Dispose();
        await using var writable = await _bed.OpenAsync();
        Assert.Equal(ChainVerification.Intact(3), await writable.VerifyChainAsync(CancellationToken.None));
        Assert.Equal(4, await writable.AppendAsync(_bed.Draft(), CancellationToken.None));
    }

    [PrivateMountFact]
    public async Task Journal_in_a_read_only_directory_fails_to_open_typed_and_stores_nothing()
    {
        await FillAsync(3);

        // Closed cleanly, the journal has no -wal/-shm files, and a read-only directory cannot hold new ones.
        var lines = await RunInReadOnlyDirectoryAsync();

        Assert.Contains("open-and-append unavailable CannotOpen", lines);
        await using var journal = await _bed.OpenAsync();
        Assert.Equal(ChainVerification.Intact(3), await journal.VerifyChainAsync(CancellationToken.None));
    }

    [PrivateMountFact]
    public async Task Append_in_a_read_only_directory_while_the_journal_is_open_elsewhere_throws_read_only()
    {
        await FillAsync(3);
        // An open connection elsewhere keeps the -wal/-shm files, so the child can open the journal for reading.
        await using var elsewhere = new SqliteConnection($"Data Source={_bed.Path};Pooling=False");
        await elsewhere.OpenAsync();
        await using (var read = elsewhere.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM entries";
            Assert.Equal(3L, await read.ExecuteScalarAsync());
        }

        var lines = await RunInReadOnlyDirectoryAsync();

        Assert.Contains("opened 3", lines);
        Assert.Contains("open-and-append unavailable ReadOnly", lines);
        await using var journal = await _bed.OpenAsync();
        Assert.Equal(ChainVerification.Intact(3), await journal.VerifyChainAsync(CancellationToken.None));
    }

    [PrivateMountFact]
    public async Task Full_disk_fails_appends_typed_keeps_every_acknowledged_record_and_recovers_when_space_returns()
    {
        // A 1 MiB tmpfs mounted in the child's own mount namespace: a real ENOSPC, invisible outside the child.
        using var child = JournalChildProcess.Start(
            "fill",
            _bed.Path,
            "unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$0\" && exec \"$@\"", _bed.Directory);
        var lines = await child.ExitAsync(TimeSpan.FromSeconds(120));

        var full = Assert.Single(lines, l => l.StartsWith("full ", StringComparison.Ordinal));
        Assert.StartsWith("full DiskFull after ", full, StringComparison.Ordinal);
        var acknowledged = long.Parse(full["full DiskFull after ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(acknowledged > 5, full);
        Assert.Contains("again unavailable DiskFull", lines);
        Assert.Contains($"rows-while-full {acknowledged}", lines);
        Assert.Contains($"after-freeing appended {acknowledged + 1}", lines);
        Assert.Contains($"verify None {acknowledged + 1}", lines);
        Assert.Contains($"rows {acknowledged + 1}", lines);
    }

    private async Task<IReadOnlyList<string>> RunInReadOnlyDirectoryAsync()
    {
        using var child = JournalChildProcess.Start(
            "append-once",
            _bed.Path,
            "unshare", "-m", "sh", "-c", "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", _bed.Directory);
        return await child.ExitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task FillAsync(int count)
    {
        await using var journal = await _bed.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            await journal.AppendAsync(_bed.Draft(), CancellationToken.None);
        }
    }

    /// <summary>
    /// Makes a file read-only for this process: mode 0444 for a normal user; root ignores modes, so for root the
    /// file is made immutable (<c>chattr +i</c>), which binds root too. Undone on dispose.
    /// </summary>
    private sealed class ReadOnlyFile : IDisposable
    {
        private readonly string _path;
        private readonly UnixFileMode _mode;
        private bool _undone;

        private ReadOnlyFile(string path)
        {
            _path = path;
            _mode = File.GetUnixFileMode(path);
        }

        public static ReadOnlyFile Make(string path)
        {
            var file = new ReadOnlyFile(path);
            if (Environment.UserName == "root")
            {
                Chattr("+i", path);
            }
            else
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            return file;
        }

        public void Dispose()
        {
            if (_undone)
            {
                return;
            }
            _undone = true;
            if (Environment.UserName == "root")
            {
                Chattr("-i", _path);
            }
            else
            {
                File.SetUnixFileMode(_path, _mode);
            }
        }

        private static void Chattr(string flag, string path)
        {
            using var process = Process.Start("chattr", [flag, path]);
            process.WaitForExit(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
        }
    }
}
