namespace CardBridge.Service.Hosting;

/// <summary>
/// The one shape of the service's long-lived parts (terminal, settlement layer, presentation desk, QR host, gate, rider
/// list sync). Starting opens what the part owns (<see cref="OpenAsync"/>) and may start pumps (<see cref="Pump"/>)
/// that run until the part stops. Stopping happens once — at host shutdown, or at disposal when the host never got
/// to stop it — in this order: <see cref="StoppingAsync"/> ends what others read from the part, <see cref="Stopping"/>
/// is cancelled, every pump is awaited, then <see cref="CloseAsync"/> closes what the part owns. Hosted services start
/// in registration order and stop in reverse (ServiceHost says why the order matters).
/// </summary>
internal abstract class HostedPart : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _pumps = [];
    private int _stopped;
    private volatile bool _started;

    /// <summary>True between a completed start and the stop.</summary>
    public bool IsRunning => _started && Volatile.Read(ref _stopped) == 0;

    /// <summary>Cancelled when the part stops; pumps and the streams they follow end with it.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        _started = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await StopOnceAsync();

    public virtual async ValueTask DisposeAsync() => await StopOnceAsync();

    /// <summary>Opens what the part owns; the next part starts only when this returns.</summary>
    protected abstract Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="pump"/> in the background, on <see cref="Stopping"/>, until the part stops.</summary>
    protected void Pump(Func<CancellationToken, Task> pump) =>
        _pumps.Add(Task.Run(() => pump(_stopping.Token), CancellationToken.None));

    /// <summary>First step of the stop, before the pumps are cancelled: end what subscribers and pumps read.</summary>
    protected virtual Task StoppingAsync() => Task.CompletedTask;

    /// <summary>Last step of the stop, after every pump ended: close what the part owns, in order.</summary>
    protected virtual ValueTask CloseAsync() => ValueTask.CompletedTask;

    private async Task StopOnceAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await StoppingAsync();
        await _stopping.CancelAsync();
        await Task.WhenAll(_pumps);
        await CloseAsync();
        _stopping.Dispose();
    }
}
