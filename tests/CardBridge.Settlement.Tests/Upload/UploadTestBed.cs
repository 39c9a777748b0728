using System.Security.Cryptography;
using CardBridge.Journal;
using CardBridge.Settlement.Tests.Centre;
using CardBridge.Settlement.Upload;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Settlement.Tests.Upload;

/// <summary>A real journal in a temp directory and the adapter on an in-process simulated centre, for upload tests.</summary>
internal sealed class UploadTestBed : IAsyncDisposable
{
    private readonly JournalTestBed _journalBed;

    private UploadTestBed(JournalTestBed journalBed, CentreTestBed centre, OfflineJournal journal)
    {
        _journalBed = journalBed;
        Centre = centre;
        Journal = journal;
    }

    public CentreTestBed Centre { get; }

    public OfflineJournal Journal { get; }

    /// <summary>Runs raw SQL against the journal file behind the journal's back.</summary>
    public void Tamper(string sql) => _journalBed.Tamper(sql);

    public static async Task<UploadTestBed> StartAsync()
    {
        var journalBed = new JournalTestBed();
        // The breaker is kept out of the way: upload tests are about the journal's states, not connectivity.
        var centre = CentreTestBed.Start(o => o.BreakerFailureThreshold = 1000);
        return new UploadTestBed(journalBed, centre, await journalBed.OpenAsync());
    }

    public JournalUploader Uploader() => new(Journal, Centre.Adapter, NullLogger<JournalUploader>.Instance);

    /// <summary>Appends an offline settlement of <paramref name="totalFen"/> for the card, known to the centre unless told otherwise.</summary>
    public Task<long> AppendAsync(long totalFen, string cardNumber = CentreTestBed.Card, bool awaitsCard = false) => Journal.AppendAsync(new JournalDraft(
        Guid.NewGuid(),
        "TERM-0001",
        JournalKind.OfflineMedicalSettlement,
        new PaymentSplit(totalFen, AccountFen: totalFen / 2, PooledFen: totalFen / 4, SelfPayFen: totalFen - totalFen / 2 - totalFen / 4),
        SHA256.HashData(BitConverter.GetBytes(totalFen)),
        Convert.FromHexString("A1B2C3D4"),
        Convert.FromHexString("0011"),
        new PersonalFields(cardNumber, "990001199001010013", "测试甲")) { AwaitsCard = awaitsCard }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Journal.DisposeAsync();
        await Centre.DisposeAsync();
        _journalBed.Dispose();
    }
}
