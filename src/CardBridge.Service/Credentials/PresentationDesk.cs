using System.Threading.Channels;
using CardBridge.Service.Configuration;
using CardBridge.Service.Hosting;
using CardBridge.Terminal;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Credentials;

/// <summary>
/// Where cards and codes meet: follows the terminal's card events and takes the QR host's scans, numbers every
/// presentation in one arrival order, and tells each subscriber (AwaitCredential, WatchEvents) every change in that
/// order. It keeps what is presented now: each card in a reader, and each code for <c>Qr:PresentedFor</c> after its
/// scan (a code is a moment, a card stays).
/// </summary>
internal sealed partial class PresentationDesk(TerminalHost terminal, TimeProvider time, IOptions<QrOptions> qr, ILogger<PresentationDesk> logger)
    : HostedPart
{
    private readonly TimeSpan _codesPresentedFor = qr.Value.PresentedFor;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CardPresentation> _cards = new(StringComparer.Ordinal);
    private readonly List<CodePresentation> _codes = [];
    private readonly Broadcast<DeskChange> _changes = new();
    private long _lastArrival;

    /// <summary>How many subscriptions are open now (every finished wait or event stream must have closed its own).</summary>
    public int SubscriberCount => _changes.SubscriberCount;

    protected override Task OpenAsync(CancellationToken cancellationToken)
    {
        // Subscribed here, before returning: no card event after the start is missed.
        var events = terminal.Terminal.WatchFromNowAsync(Stopping);
        Pump(stopping => FollowAsync(events, stopping));
        return Task.CompletedTask;
    }

    protected override Task StoppingAsync()
    {
        lock (_lock)
        {
            _changes.Complete();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Subscribes to every change from now on. With <paramref name="includePresent"/> the stream starts with what is
    /// presented now (taken atomically with the subscription): the cards in readers, codes still being verified, and
    /// codes accepted within <c>Qr:PresentedFor</c>. Dispose the subscription to end it; it also ends when the
    /// service stops.
    /// </summary>
    public Subscription<DeskChange> Subscribe(bool includePresent)
    {
        lock (_lock)
        {
            return _changes.Subscribe(includePresent ? WritePresent : null);
        }
    }

    private void WritePresent(ChannelWriter<DeskChange> writer)
    {
        PruneCodes();
        var present = _cards.Values.Cast<Presentation>()
            .Concat(_codes.Where(c => c.Outcome is null || c.Outcome.Credential is not null))
            .OrderBy(p => p.Arrival);
        foreach (var presentation in present)
        {
            writer.TryWrite(new PresentationUpdated(presentation));
        }
    }

    /// <summary>A scanner read a code: it takes its place in the arrival order now, before it is verified.</summary>
    public CodePresentation CodeArrived(string scanner, DateTimeOffset scannedAt)
    {
        lock (_lock)
        {
            PruneCodes();
            var code = new CodePresentation(++_lastArrival, scanner, scannedAt, null);
            _codes.Add(code);
            Publish(new PresentationUpdated(code));
            return code;
        }
    }

    /// <summary>The code's verification ended.</summary>
    public void CodeResolved(CodePresentation code, CodeOutcome outcome)
    {
        lock (_lock)
        {
            var resolved = code with { Outcome = outcome };
            var index = _codes.FindIndex(c => c.Arrival == code.Arrival);
            if (index >= 0)
            {
                _codes[index] = resolved;
            }
            Publish(new PresentationUpdated(resolved));
        }
    }

    private async Task FollowAsync(IAsyncEnumerable<TerminalEvent> events, CancellationToken stopping)
    {
        try
        {
            await foreach (var change in events)
            {
                lock (_lock)
                {
                    Apply(change);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            // The terminal's stream does not fail by design; if it ever did, cards would silently stop answering waits.
            LogFollowFailed(logger, e);
            throw;
        }
    }

    private void Apply(TerminalEvent change)
    {
        switch (change)
        {
            case CardInsertedEvent inserted:
                Withdraw(inserted.Reader);
                var card = new CardPresentation(++_lastArrival, inserted.Reader, time.GetUtcNow(), null);
                _cards[inserted.Reader] = card;
                Publish(new PresentationUpdated(card));
                break;
            case SessionReadyEvent ready:
                var session = _cards.TryGetValue(ready.Session.Reader, out var pending)
                    ? pending with { Session = ready.Session }
                    : new CardPresentation(++_lastArrival, ready.Session.Reader, time.GetUtcNow(), ready.Session);
                _cards[ready.Session.Reader] = session;
                Publish(new PresentationUpdated(session));
                break;
            case CardUnreadableEvent unreadable:
                Withdraw(unreadable.Reader);
                break;
            case CardRemovedEvent removed:
                Withdraw(removed.Reader);
                break;
            case ReaderDetachedEvent detached:
                Withdraw(detached.Reader);
                break;
            case ServiceLostEvent:
                foreach (var reader in _cards.Keys.ToList())
                {
                    Withdraw(reader);
                }
                break;
        }
    }

    private void Withdraw(string reader)
    {
        if (_cards.Remove(reader, out var card))
        {
            Publish(new PresentationWithdrawn(card.Arrival));
        }
    }

    // Codes stay presented for a while after their answer; those still being verified stay until they have one.
    private void PruneCodes()
    {
        var before = time.GetUtcNow() - _codesPresentedFor;
        _codes.RemoveAll(c => c.Outcome is not null && c.ScannedAt < before);
    }

    private void Publish(DeskChange change) => _changes.Publish(change);

    [LoggerMessage(Level = LogLevel.Error, Message = "The presentation desk stopped following the card terminal")]
    private static partial void LogFollowFailed(ILogger logger, Exception error);
}
