using System.Threading.Channels;
using CardBridge.Qr.Sources;

namespace CardBridge.Qr.Tests.Sources;

/// <summary>Records a source's events so tests can await them (with a timeout, never a sleep).</summary>
internal sealed class SourceProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<QrSourceConnectivity> _connectivity = Channel.CreateUnbounded<QrSourceConnectivity>();
    private readonly Channel<QrLineRejectedEventArgs> _rejected = Channel.CreateUnbounded<QrLineRejectedEventArgs>();

    public SourceProbe(IQrSource source)
    {
        Source = source;
        source.ConnectivityChanged += (_, e) => _connectivity.Writer.TryWrite(e.Connectivity);
        source.LineRejected += (_, e) => _rejected.Writer.TryWrite(e);
    }

    public IQrSource Source { get; }

    public async Task<QrScan> NextScanAsync() => await Source.Scans.ReadAsync().AsTask().WaitAsync(Timeout);

    public async Task<QrLineRejectedEventArgs> NextRejectionAsync() => await _rejected.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    public async Task ConnectivityAsync(QrSourceConnectivity expected)
    {
        while (await _connectivity.Reader.ReadAsync().AsTask().WaitAsync(Timeout) != expected)
        {
        }
    }

    /// <summary>Asserts no further scan arrives before the source is stopped.</summary>
    public async Task AssertNoMoreScansAsync()
    {
        await Source.StopAsync(CancellationToken.None).WaitAsync(Timeout);
        var rest = new List<QrScan>();
        await foreach (var scan in Source.Scans.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            rest.Add(scan);
        }
        Assert.Empty(rest);
    }
}
