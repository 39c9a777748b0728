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

    /// <summary>
    /// Sends <paramref name="command"/> as <see cref="SendAsync"/> does, except that the answer <paramref name="refusal"/>, the one
    /// the caller handles itself (6A82 no such application, 6A83 past the last record, 9401 a purse too short…), returns null.
    /// </summary>
    public static async Task<ResponseApdu?> SendOrNullAsync(
        ICardChannel card, CommandApdu command, StatusWord refusal, string what, CancellationToken cancellationToken)
    {
        var response = await card.TransmitAsync(command, cancellationToken);
        if (response.StatusWord == refusal)
        {
            return null;
        }
        return response.StatusWord.IsNormal ? response : throw new CardCommandException(what, response.StatusWord);
    }
}
