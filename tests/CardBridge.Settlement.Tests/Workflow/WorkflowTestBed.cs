using System.Security.Cryptography;
using CardBridge.Journal;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Tests.Centre;
using CardBridge.Settlement.Workflow;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Settlement.Tests.Workflow;

/// <summary>The workflow over a real journal file and the simulated centre on loopback HTTP, with a scripted card.</summary>
internal sealed class WorkflowTestBed : IAsyncDisposable
{
    public const string Client = "his-1";

    private readonly JournalTestBed _files;

    private WorkflowTestBed(JournalTestBed files, CentreTestBed centre, OfflineJournal journal, SettlementPolicy policy)
    {
        _files = files;
        Centre = centre;
        Journal = journal;
        Policy = policy;
        Workflow = NewWorkflow();
    }

    public CentreTestBed Centre { get; }

    public OfflineJournal Journal { get; }

    public SettlementPolicy Policy { get; }

    public SettlementWorkflow Workflow { get; private set; }

    public ManualTime Time => _files.Time;

    public ScriptedCard Card { get; } = new();

    public static SettlementSubject Holder { get; } = new(
        CertificateType.SocialSecurityCard, CentreTestBed.Card, "holder-pseudonym-1", new PersonalFields(CentreTestBed.Card, "990001199001010013", "测试甲"));

    public static async Task<WorkflowTestBed> StartAsync(Action<SettlementPolicy>? configure = null, Action<CentreOptions>? centre = null)
    {
        var files = new JournalTestBed();
        var policy = new SettlementPolicy { TerminalId = "110000000001" };
        configure?.Invoke(policy);
        var journal = await files.OpenAsync();
        return new WorkflowTestBed(files, CentreTestBed.Start(centre), journal, policy);
    }

    public static SettlementBill Bill(long totalFen, SettlementScenario scenario = SettlementScenario.Outpatient) =>
        new(scenario, totalFen, SHA256.HashData(BitConverter.GetBytes(totalFen)));

    public Task<SettlementOutcome> SettleAsync(string key, long totalFen, bool withCard = true, CancellationToken cancellationToken = default) =>
        Workflow.SettleAsync(Client, key, Holder, Bill(totalFen), withCard ? Card : null, cancellationToken);

    /// <summary>A new workflow over the same journal and centre: what a restarted service has.</summary>
    public void Restart()
    {
        Workflow.Dispose();
        Workflow = NewWorkflow();
    }

    public async ValueTask DisposeAsync()
    {
        Workflow.Dispose();
        await Journal.DisposeAsync();
        await Centre.DisposeAsync();
        _files.Dispose();
    }

    private SettlementWorkflow NewWorkflow() =>
        new(Centre.Adapter, Journal, Policy, Time, Guid.NewGuid, NullLogger<SettlementWorkflow>.Instance);
}

/// <summary>The holder's card as the workflow sees it: records each write and answers as the test scripts it.</summary>
internal sealed class ScriptedCard : IOfflineCardWriter
{
    private int _counter;

    public List<OfflineCardEntry> Written { get; } = [];

    /// <summary>Thrown by the next write instead of writing.</summary>
    public Exception? Fail { get; set; }

    /// <summary>When set, a write waits for it before answering.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public async Task<OfflineCardProof> WriteAsync(OfflineCardEntry entry, CancellationToken cancellationToken)
    {
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }
        if (Fail is { } fail)
        {
            Fail = null;
            throw fail;
        }
        Written.Add(entry);
        var counter = (ushort)Interlocked.Increment(ref _counter);
        return new OfflineCardProof(new byte[] { 0xAC, 0x00, 0x00, (byte)counter }, new byte[] { (byte)(counter >> 8), (byte)counter });
    }
}
