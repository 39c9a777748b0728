using System.Globalization;
using CardBridge.Journal;

namespace CardBridge.Journal.Tests;

/// <summary>
/// What the child process does, one mode per test; it reports on stdout one line per fact
/// (<c>ack 12 &lt;uuid&gt;</c> is printed only after the append returned, so it is an acknowledgement).
/// </summary>
internal static class JournalChild
{
    public const string ModeVariable = "CARDBRIDGE_JOURNAL_CHILD";
    public const string PathVariable = "CARDBRIDGE_JOURNAL_PATH";

    public static async Task<int> RunAsync(string mode)
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) ?? throw new InvalidOperationException(PathVariable + " is not set");
        var options = new JournalOptions
        {
            Path = path,
            EncryptionKey = JournalTestBed.EncryptionKey,
            IntegrityKey = JournalTestBed.IntegrityKey,
        };
        switch (mode)
        {
            case "append-loop":
                await AppendForeverAsync(options);
                return 0;
            case "fill":
                await FillAsync(options);
                return 0;
            case "append-once":
                await AppendOnceAsync(options);
                return 0;
            default:
                Console.WriteLine("unknown mode " + mode);
                return 2;
        }
    }

    private static async Task AppendForeverAsync(JournalOptions options)
    {
        await using var journal = await OfflineJournal.OpenAsync(options, TimeProvider.System, CancellationToken.None);
        for (var n = 1; ; n++)
        {
            // Mix single appends and group commits so a kill can land inside either.
            var drafts = Enumerable.Range(0, n % 5 == 0 ? 3 : 1).Select(i => JournalTestBed.Draft(Guid.NewGuid(), n * 10 + i, n)).ToList();
            var sequences = await journal.AppendBatchAsync(drafts, CancellationToken.None);
            for (var i = 0; i < drafts.Count; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {sequences[i]} {drafts[i].Id:N}"));
            }
        }
    }

    /// <summary>On a tiny file system: a filler file, appends until the disk is full, then free space and append again.</summary>
    private static async Task FillAsync(JournalOptions options)
    {
        var filler = Path.Combine(Path.GetDirectoryName(options.Path)!, "filler");
        await File.WriteAllBytesAsync(filler, new byte[256 * 1024]);
        long acknowledged = 0;
        await using (var journal = await OfflineJournal.OpenAsync(options, TimeProvider.System, CancellationToken.None))
        {
            for (var n = 1; ; n++)
            {
                try
                {
                    acknowledged = await journal.AppendAsync(JournalTestBed.Draft(Guid.NewGuid(), n, n), CancellationToken.None);
                }
                catch (JournalUnavailableException e)
                {
                    Console.WriteLine($"full {e.Reason} after {acknowledged}");
                    break;
                }
            }
            await Report("again", () => journal.AppendAsync(JournalTestBed.Draft(Guid.NewGuid(), 0, 1), CancellationToken.None));
            Console.WriteLine($"rows-while-full {(await journal.StatsAsync(CancellationToken.None)).LastSequence}");
            File.Delete(filler);
            await Report("after-freeing", () => journal.AppendAsync(JournalTestBed.Draft(Guid.NewGuid(), 0, 2), CancellationToken.None));
        }
        await using var reopened = await OfflineJournal.OpenAsync(options, TimeProvider.System, CancellationToken.None);
        var verification = await reopened.VerifyChainAsync(CancellationToken.None);
        Console.WriteLine($"verify {verification.Fault} {verification.RecordsChecked}");
        Console.WriteLine($"rows {(await reopened.StatsAsync(CancellationToken.None)).LastSequence}");
    }

    private static async Task AppendOnceAsync(JournalOptions options)
    {
        await Report("open-and-append", async () =>
        {
            await using var journal = await OfflineJournal.OpenAsync(options, TimeProvider.System, CancellationToken.None);
            Console.WriteLine($"opened {(await journal.StatsAsync(CancellationToken.None)).LastSequence}");
            return await journal.AppendAsync(JournalTestBed.Draft(Guid.NewGuid(), 0, 3), CancellationToken.None);
        });
    }

    private static async Task Report(string step, Func<Task<long>> append)
    {
        try
        {
            Console.WriteLine($"{step} appended {await append()}");
        }
        catch (JournalUnavailableException e)
        {
            Console.WriteLine($"{step} unavailable {e.Reason}");
        }
    }
}
