using CardBridge.Cards;
using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;

namespace CardBridge.Service.Hosting;

/// <summary>
/// The PSAM's terminal number for whoever shows it (ListReaders, the standard interface's strings): read through
/// <see cref="Terminal.SharedPsam"/> each time, null without a PSAM or when it does not answer. That it cannot be read is
/// logged when it becomes so, not on every call.
/// </summary>
internal sealed partial class PsamTerminalNumber(TerminalHost host, ILogger<PsamTerminalNumber> logger)
{
    private volatile bool _unreadable;

    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        if (host.Psam is not { } psam)
        {
            return null;
        }
        try
        {
            var number = await psam.ReadTerminalNumberAsync(cancellationToken);
            _unreadable = false;
            return number;
        }
        catch (Exception e) when (e is AuthenticationUnavailableException or CardException or ReaderException or CardRemovedException or CardMuteException)
        {
            if (!_unreadable)
            {
                _unreadable = true;
                LogUnreadable(logger, e.Message);
            }
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PSAM's terminal number could not be read ({Reason}); until it can, it is left out and the standard strings carry 000000000000")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
