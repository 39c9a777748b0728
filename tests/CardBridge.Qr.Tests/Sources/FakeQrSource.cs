using System.Threading.Channels;
using CardBridge.Qr.Sources;

namespace CardBridge.Qr.Tests.Sources;

/// <summary>A source whose scans the test writes, to exercise decorators without a device.</summary>
internal sealed class FakeQrSource : IQrSource
{
    private readonly Channel<QrScan> _scans = Channel.CreateUnbounded<QrScan>();

    public string Name => "fake-1";

    public QrSourceConnectivity Connectivity => QrSourceConnectivity.Connected;

    public ChannelReader<QrScan> Scans => _scans.Reader;

    public bool Started { get; private set; }

    public event EventHandler<QrSourceConnectivityEventArgs>? ConnectivityChanged;

    public event EventHandler<QrLineRejectedEventArgs>? LineRejected;

    public void Scan(string text, DateTimeOffset at) => Assert.True(_scans.Writer.TryWrite(new QrScan(Name, text, at)));

    public void Fail(Exception error) => _scans.Writer.TryComplete(error);

    public void Reject() => LineRejected?.Invoke(this, new QrLineRejectedEventArgs(Name, QrLineRejection.TooLong, 9999, DateTimeOffset.UnixEpoch));

    public void Connect() => ConnectivityChanged?.Invoke(this, new QrSourceConnectivityEventArgs(Name, QrSourceConnectivity.Connected, DateTimeOffset.UnixEpoch));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Started = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _scans.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));
}
