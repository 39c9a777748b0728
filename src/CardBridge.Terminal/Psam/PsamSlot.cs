using System.Diagnostics;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// The PSAM's reader as a transport that connects on first use and, after a failure (PSAM pulled, PC/SC
/// restarted), drops its connection so the next command connects afresh: the PSAM outlives any one handle. The
/// terminal tells it when the reader monitor sees the PSAM leave (<see cref="Leave"/>), so it is known away at once,
/// not when the next card needs it. It tells whether the PSAM answers (<see cref="Available"/>), for the log, the
/// status page and ListReaders.
/// </summary>
public sealed class PsamSlot(ICardConnector connector, string reader) : IApduTransport, IDisposable
{
    /// <summary>The fault of a PSAM not in its reader: PC/SC's answer to a command or connect there.</summary>
    internal const string Absent = "SCARD_E_NO_SMARTCARD";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _state = new();
    private ICardConnection? _connection;
    private int _connectionDepartures;
    private int _departures;
    private bool _available = true;
    private string? _fault;
    private string? _absence;
    private TaskCompletionSource? _return;
    private long _returnBy;

    /// <summary>The PSAM's reader.</summary>
    public string Reader => reader;

    /// <summary>
    /// False once the PSAM was seen to leave or a command could not reach it, until a command reaches it again; true
    /// before its first use.
    /// </summary>
    public bool Available
    {
        get
        {
            lock (_state)
            {
                return _available;
            }
        }
    }

    /// <summary>Why the PSAM cannot be reached (the PC/SC code, or the error's kind); null while available.</summary>
    public string? Fault
    {
        get
        {
            lock (_state)
            {
                return _fault;
            }
        }
    }

    /// <summary>Raised, inside the command or the departure that changed it, when <see cref="Available"/> changes.</summary>
    public event EventHandler? AvailabilityChanged;

    /// <inheritdoc />
    public async Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        await UntilReturnedAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var departures = Departures;
                if (_connectionDepartures != departures)
                {
                    Disconnect();
                }
                var reused = _connection is not null;
                try
                {
                    if (_connection is null)
                    {
                        _connection = await connector.ConnectAsync(reader, cancellationToken);
                        _connectionDepartures = departures;
                    }
                    var answer = await _connection.Transport.TransmitAsync(command, cancellationToken);
                    Report(departures, null);
                    return answer;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Disconnect();
                    // A handle from before a pcscd restart, or from before the PSAM was pulled and put back (REMOVED_CARD
                    // on transmit), fails without reaching the PSAM, which was reset anyway: the same command goes once
                    // more on a fresh connection, so the first card after is neither reported unreadable nor read
                    // without its holder. A PSAM still away fails that connect, which is what the caller gets.
                    if (!(reused && attempt == 1 && e is ReaderServiceLostException or CardResetException or CardRemovedException))
                    {
                        Report(departures, FaultOf(e));
                        throw;
                    }
                }
            }
        }
        finally
        {
            // A PSAM that left while this command ran keeps no handle past it.
            if (_connectionDepartures != Departures)
            {
                Disconnect();
            }
            _gate.Release();
        }
    }

    /// <summary>
    /// The reader monitor saw the PSAM leave or finds it not there (pulled, its reader unplugged, PC/SC gone): it is
    /// unavailable with <paramref name="fault"/> now and until it is back, whatever a command sent meanwhile fails with;
    /// its connection is dropped now (or at the end of the command using it), and no command that began before counts
    /// as an answer.
    /// </summary>
    internal void Leave(string fault)
    {
        ArgumentException.ThrowIfNullOrEmpty(fault);
        bool changed;
        lock (_state)
        {
            _departures++;
            changed = _available;
            _available = false;
            _fault = fault;
            _absence = fault;
        }
        if (_gate.Wait(0))
        {
            try
            {
                Disconnect();
            }
            finally
            {
                _gate.Release();
            }
        }
        if (changed)
        {
            AvailabilityChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>The reader monitor saw a PSAM go in: the next command's answer or failure says how it is.</summary>
    internal void Arrive()
    {
        lock (_state)
        {
            _absence = null;
            _return?.TrySetResult();
            _return = null;
        }
    }

    /// <summary>
    /// The PC/SC service is back, and the PSAM that was there before it went is expected back with it. The daemon reports
    /// its readers' cards one at a time — a card may be reported, and its pre-read reach the PSAM, before the PSAM is —
    /// so until the PSAM is reported (<see cref="Arrive"/>) or <paramref name="grace"/> has passed, a command waits for it
    /// instead of failing on a PSAM that is in its reader and about to be reported. A PSAM still away after that fails
    /// the command as before.
    /// </summary>
    internal void ExpectReturn(TimeSpan grace)
    {
        lock (_state)
        {
            if (_absence is null)
            {
                return;
            }
            _return ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _returnBy = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
        }
    }

    /// <summary>Releases the PSAM's connection.</summary>
    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }

    private async Task UntilReturnedAsync(CancellationToken cancellationToken)
    {
        Task returned;
        TimeSpan left;
        lock (_state)
        {
            if (_return is null)
            {
                return;
            }
            left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _returnBy);
            if (left <= TimeSpan.Zero)
            {
                _return = null;
                return;
            }
            returned = _return.Task;
        }
        try
        {
            await returned.WaitAsync(left, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Not back within the grace: the command finds out how the PSAM is.
        }
    }

    private int Departures
    {
        get
        {
            lock (_state)
            {
                return _departures;
            }
        }
    }

    // Only under the gate.
    private void Disconnect()
    {
        _connection?.Dispose();
        _connection = null;
    }

    // What a command found, unless the PSAM left while it ran: that departure stands. A PSAM known away stays away for
    // the monitor's reason, not the failing connect's, until it answers.
    private void Report(int departures, string? fault)
    {
        bool changed;
        lock (_state)
        {
            if (departures != _departures)
            {
                return;
            }
            changed = _available != (fault is null);
            _available = fault is null;
            _absence = _available ? null : _absence;
            _fault = _available ? null : _absence ?? fault;
        }
        if (changed)
        {
            AvailabilityChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    // The PC/SC code where the error carries one; the connector reports an empty reader as CardRemovedException, which
    // is the same absence the monitor reports as the PSAM leaving.
    private static string FaultOf(Exception error) => error switch
    {
        ReaderException pcsc => pcsc.Code,
        CardRemovedException => Absent,
        _ => error.GetType().Name,
    };
}
