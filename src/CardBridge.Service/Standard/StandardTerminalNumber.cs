using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;
using CardBridge.Service.Hosting;

namespace CardBridge.Service.Standard;

/// <summary>
/// The PSAM's terminal number for the standard strings, read from the PSAM each time (two commands: it outlives no PSAM
/// swap); null without a PSAM or when it does not answer — the standard then writes <c>000000000000</c>.
/// </summary>
internal sealed partial class StandardTerminalNumber(TerminalHost host, ILogger<StandardTerminalNumber> logger)
{
    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        if (host.Psam is not { } psam)
        {
            return null;
        }
        try
        {
            return await psam.RunAsync((channel, ct) => new PsamAuthenticator(channel, psam.KeyIndex).ReadTerminalNumberAsync(ct), cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationUnavailableException or ReaderException)
        {
            LogUnreadable(logger, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PSAM's terminal number could not be read ({Reason}); the standard strings carry 000000000000")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
