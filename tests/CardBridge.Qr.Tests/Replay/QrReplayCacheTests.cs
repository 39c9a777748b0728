using System.Security.Cryptography;
using CardBridge.Qr.Replay;
using CardBridge.Qr.Tests.Transit;
using Microsoft.Data.Sqlite;

namespace CardBridge.Qr.Tests.Replay;

[Trait("Category", "Integration")]
public sealed class QrReplayCacheTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("cardbridge-qr-replay-").FullName;
    private readonly ManualTime _time = new();

    private string DatabasePath => Path.Combine(_directory, "replay.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<QrReplayCache> OpenAsync(int maxEntries = 1000, TimeSpan? retention = null) =>
        QrReplayCache.OpenAsync(
            new QrReplayCacheOptions { DatabasePath = DatabasePath, MaxEntries = maxEntries, ExpiredRetention = retention ?? TimeSpan.Zero },
            _time, null, CancellationToken.None).WaitAsync(Timeout);

    private static byte[] Code(int n) => SHA256.HashData(BitConverter.GetBytes(n)).Concat(new byte[] { (byte)n, 0x80 }).ToArray();

    private DateTimeOffset InAMinute => _time.Now.AddMinutes(1);

    [Fact]
    public async Task Second_presentation_of_a_code_is_replayed()
    {
        await using var cache = await OpenAsync();
        await cache.ConsumeAsync(Code(1), InAMinute, CancellationToken.None);

        var error = await Assert.ThrowsAsync<QrReplayedException>(() => cache.ConsumeAsync(Code(1), InAMinute, CancellationToken.None));

        Assert.Equal(QrErrorReason.Replayed, error.Reason);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task Different_codes_are_each_accepted_once()
    {
        await using var cache = await OpenAsync();

        await cache.ConsumeAsync(Code(1), InAMinute, CancellationToken.None);
        await cache.ConsumeAsync(Code(2), InAMinute, CancellationToken.None);

        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Text_codes_are_single_use_too()
    {
        await using var cache = await OpenAsync();
        await cache.ConsumeAsync("EC:SIMTOKEN0001", InAMinute, CancellationToken.None);

        await Assert.ThrowsAsync<QrReplayedException>(() => cache.ConsumeAsync("EC:SIMTOKEN0001", InAMinute, CancellationToken.None));
    }

    [Fact]
    public async Task Used_code_stays_used_after_a_restart()
    {
        await using (var before = await OpenAsync())
        {
            await before.ConsumeAsync(Code(7), InAMinute, CancellationToken.None);
        }

        await using var after = await OpenAsync();

        Assert.Equal(1, after.Count);
        await Assert.ThrowsAsync<QrReplayedException>(() => after.ConsumeAsync(Code(7), InAMinute, CancellationToken.None));
    }

    [Fact]
    public async Task Restart_forgets_codes_past_their_expiry_and_retention()
    {
        await using (var before = await OpenAsync(retention: TimeSpan.FromMinutes(5)))
        {
            await before.ConsumeAsync(Code(1), InAMinute, CancellationToken.None);
            await before.ConsumeAsync(Code(2), _time.Now.AddHours(1), CancellationToken.None);
        }
        _time.Now = _time.Now.AddMinutes(7);

        await using var after = await OpenAsync(retention: TimeSpan.FromMinutes(5));

        Assert.Equal(1, after.Count);
        await Assert.ThrowsAsync<QrReplayedException>(() => after.ConsumeAsync(Code(2), InAMinute, CancellationToken.None));
    }

    [Fact]
    public async Task Only_a_digest_is_stored_never_the_code()
    {
        var code = Code(42);
        await using (var cache = await OpenAsync())
        {
            await cache.ConsumeAsync(code, InAMinute, CancellationToken.None);
        }

        foreach (var file in Directory.EnumerateFiles(_directory))
        {
            var stored = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, stored.AsSpan().IndexOf(code.AsSpan(0, 16)));
        }
        Assert.True(new FileInfo(DatabasePath).Length > 0);
    }

    [Fact]
    public async Task Database_is_in_WAL_mode()
    {
        await using (await OpenAsync())
        {
        }
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task At_the_bound_codes_past_their_expiry_are_evicted_before_older_live_ones()
    {
        await using var cache = await OpenAsync(maxEntries: 3);
        await cache.ConsumeAsync(Code(1), _time.Now.AddHours(1), CancellationToken.None);
        await cache.ConsumeAsync(Code(2), InAMinute, CancellationToken.None);
        await cache.ConsumeAsync(Code(3), _time.Now.AddHours(1), CancellationToken.None);
        _time.Now = _time.Now.AddMinutes(2);

        await cache.ConsumeAsync(Code(4), _time.Now.AddHours(1), CancellationToken.None);

        Assert.Equal(3, cache.Count);
        await Assert.ThrowsAsync<QrReplayedException>(() => cache.ConsumeAsync(Code(1), InAMinute, CancellationToken.None));
        await Assert.ThrowsAsync<QrReplayedException>(() => cache.ConsumeAsync(Code(3), InAMinute, CancellationToken.None));
        await Assert.ThrowsAsync<QrReplayedException>(() => cache.ConsumeAsync(Code(4), InAMinute, CancellationToken.None));
    }

    [Fact]
    public async Task At_the_bound_with_nothing_expired_the_oldest_code_is_evicted()
    {
        await using var cache = await OpenAsync(maxEntries: 2);
        await cache.ConsumeAsync(Code(1), InAMinute, CancellationToken.None);
        await cache.ConsumeAsync(Code(2), InAMinute, CancellationToken.None);

        await cache.ConsumeAsync(Code(3), InAMinute, CancellationToken.None);

        Assert.Equal(2, cache.Count);
        await Assert.ThrowsAsync<QrReplayedException>(() => cache.ConsumeAsync(Code(2), InAMinute, CancellationToken.None));
        await Assert.ThrowsAsync<QrReplayedException>(() => cache.ConsumeAsync(Code(3), InAMinute, CancellationToken.None));
        await cache.ConsumeAsync(Code(1), InAMinute, CancellationToken.None);
    }

    [Fact]
    public async Task Bound_holds_across_a_restart()
    {
        await using (var before = await OpenAsync(maxEntries: 5))
        {
            for (var i = 0; i < 20; i++)
            {
                await before.ConsumeAsync(Code(i), InAMinute, CancellationToken.None);
            }
        }

        await using var after = await OpenAsync(maxEntries: 5);

        Assert.Equal(5, after.Count);
        await Assert.ThrowsAsync<QrReplayedException>(() => after.ConsumeAsync(Code(19), InAMinute, CancellationToken.None));
    }

    [Fact]
    public async Task Of_many_simultaneous_presentations_of_one_code_exactly_one_is_accepted()
    {
        await using var cache = await OpenAsync();
        using var start = new SemaphoreSlim(0);
        var taps = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync(Timeout);
            try
            {
                await cache.ConsumeAsync(Code(5), InAMinute, CancellationToken.None);
                return true;
            }
            catch (QrReplayedException)
            {
                return false;
            }
        })).ToArray();

        start.Release(taps.Length);
        var accepted = await Task.WhenAll(taps).WaitAsync(Timeout);

        Assert.Single(accepted, won => won);
    }

    [Fact]
    public async Task Two_caches_on_one_database_accept_a_code_once()
    {
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();

        var outcomes = await Task.WhenAll(
            Task.Run(() => Outcome(first.ConsumeAsync(Code(9), InAMinute, CancellationToken.None))),
            Task.Run(() => Outcome(second.ConsumeAsync(Code(9), InAMinute, CancellationToken.None)))).WaitAsync(Timeout);

        Assert.Single(outcomes, won => won);
    }

    [Fact]
    public async Task Cancelled_call_does_not_use_up_the_code()
    {
        await using var cache = await OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.ConsumeAsync(Code(3), InAMinute, cancelled.Token));

        await cache.ConsumeAsync(Code(3), InAMinute, CancellationToken.None);
    }

    [Fact]
    public async Task Open_refuses_a_bound_below_one()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => OpenAsync(maxEntries: 0));
    }

    private static async Task<bool> Outcome(Task consume)
    {
        try
        {
            await consume;
            return true;
        }
        catch (QrReplayedException)
        {
            return false;
        }
    }
}
