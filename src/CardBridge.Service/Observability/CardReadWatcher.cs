using CardBridge.Service.Hosting;
using CardBridge.Terminal;

namespace CardBridge.Service.Observability;

/// <summary>
/// Follows the terminal (from its state at start, so the cards already in are counted once) and counts every card
/// pre-read in <see cref="ServiceMetrics"/>: <c>ok</c>, or the name of the error that stopped the read.
/// </summary>
internal sealed class CardReadWatcher(TerminalHost terminal, ServiceMetrics metrics) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in terminal.Terminal.WatchFromNowAsync(stoppingToken))
            {
                switch (change)
                {
                    case SessionReadyEvent { Session: var session }:
                        metrics.RecordCardRead(session.Reader, session.IdentityError is { } error ? OutcomeOf(error) : "ok");
                        break;
                    case CardUnreadableEvent unreadable:
                        metrics.RecordCardRead(unreadable.Reader, OutcomeOf(unreadable.Error));
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    // The exception's type names the failure (CardMuteException → card_mute); its message may not be shown.
    internal static string OutcomeOf(Exception error)
    {
        var name = error.GetType().Name;
        if (name.EndsWith("Exception", StringComparison.Ordinal))
        {
            name = name[..^"Exception".Length];
        }
        return string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
    }
}
