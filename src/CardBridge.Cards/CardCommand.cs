using CardBridge.Iso7816;

namespace CardBridge.Cards;

/// <summary>A card or PSAM command the workflow cannot continue without: any answer but a normal one is a <see cref="CardCommandException"/>.</summary>
internal static class CardCommand
{
    /// <summary>Sends <paramref name="command"/>; <paramref name="what"/> names it in the error (e.g. "READ RECORD DF04 EF06/2").</summary>
    public static async Task<ResponseApdu> SendAsync(ICardChannel card, CommandApdu command, string what, CancellationToken cancellationToken)
    {
        var response = await card.TransmitAsync(command, cancellationToken);
        return response.StatusWord.IsNormal ? response : throw new CardCommandException(what, response.StatusWord);
    }
}
