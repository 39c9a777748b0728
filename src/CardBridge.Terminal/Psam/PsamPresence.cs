namespace CardBridge.Terminal;

/// <summary>
/// Follows the PSAM's reader in the reader monitor's changes, so the PSAM's state is known before a card needs it: a
/// PSAM that leaves (pulled, its reader unplugged, PC/SC gone) is unavailable at once, and one that arrives is
/// connected and checked to answer at once, so the next card's pre-read finds it connected. The slot's own retry of a
/// stale handle stays the safety net for what the monitor reports late.
/// </summary>
internal sealed class PsamPresence(SharedPsam psam, PsamSlot slot)
{
    // PsamSlot.Fault speaks PC/SC codes: these are what a command to the PSAM would fail with now.
    private const string Pulled = PsamSlot.Absent;
    private const string ReaderGone = "SCARD_E_UNKNOWN_READER";
    private const string ServiceGone = "SCARD_E_NO_SERVICE";

    // How long after the PC/SC service is back a card's PSAM command waits for the PSAM to be reported again: pcscd
    // reports cards at its next poll of each reader (vpcd's every 400 ms), some readers a poll or two after others.
    private static readonly TimeSpan ReturnGrace = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private Task _checks = Task.CompletedTask;
    private bool _checkQueued;
    private bool _serviceLost;

    /// <summary>The PSAM's reader, which is no card reader of the terminal's.</summary>
    public string Reader => slot.Reader;

    /// <summary>The checks queued or running.</summary>
    public Task Checks
    {
        get
        {
            lock (_gate)
            {
                return _checks;
            }
        }
    }

    /// <summary>Applies one of the monitor's changes; only those about the PSAM's reader or the service matter.</summary>
    public void Follow(ReaderEvent change, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case ServiceLost:
                _serviceLost = true;
                slot.Leave(ServiceGone);
                break;
            case ServiceRestored:
                _serviceLost = false;
                slot.ExpectReturn(ReturnGrace);
                break;
            // While the service is lost the monitor reports every reader gone; the service loss is the cause to show.
            case CardRemoved removed when removed.Reader == Reader && !_serviceLost:
                slot.Leave(Pulled);
                break;
            case ReaderDetached detached when detached.Reader == Reader && !_serviceLost:
                slot.Leave(ReaderGone);
                break;
            // A reader back is empty until the monitor reports its card; at start (the PSAM taken as there) the check
            // at start finds out.
            case ReaderAttached attached when attached.Reader == Reader && !slot.Available:
                slot.Leave(Pulled);
                break;
            case CardInserted inserted when inserted.Reader == Reader:
                slot.Arrive();
                Check(cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Connects to the PSAM and reads its terminal number, through <see cref="SharedPsam"/> so it never interleaves
    /// with a card's PSAM work, off the caller's thread. A check asked for while another waits to start is that one.
    /// </summary>
    public void Check(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_checkQueued)
            {
                return;
            }
            _checkQueued = true;
            var previous = _checks;
            _checks = Task.Run(() => CheckAfterAsync(previous, cancellationToken), CancellationToken.None);
        }
    }

    private async Task CheckAfterAsync(Task previous, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            _checkQueued = false;
        }
        try
        {
            await psam.ReadTerminalNumberAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // The slot has recorded whether the PSAM answered, which is what the check is for (its owner logs the
            // changes); or the terminal stops.
        }
    }
}
