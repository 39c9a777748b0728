using CardBridge.Cards;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Recognition;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// The pre-read of an arriving card (DESIGN §3): recognise it, read a social security card's identity with the
/// recognition passed on, and make the card's <see cref="CardSession"/>, holding the identity or the typed error that
/// prevented its read.
/// </summary>
internal sealed class ArrivalPreRead(CardRecognizer recognizer, IdentityReader identityReader, CardTerminalOptions options)
{
    /// <summary>
    /// Pre-reads the card on <paramref name="channel"/> in <paramref name="reader"/>. A card pulled meanwhile ends the read
    /// with <see cref="CardRemovedException"/>, a cancelled <paramref name="gone"/> with <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<CardSession> ReadAsync(ICardChannel channel, string reader, ReadOnlyMemory<byte> atr, CancellationToken gone)
    {
        var recognition = await recognizer.RecognizeAsync(channel, atr, gone);
        IdentityReadResult? identity = null;
        Exception? error = null;
        if (!recognition.IsSocialSecurityCard)
        {
            error = new NotASocialSecurityCardException(recognition.Reason ?? "the card has no social security application");
        }
        else
        {
            try
            {
                identity = await identityReader.ReadRecognisedAsync(channel, recognition, gone);
            }
            catch (CardException e)
            {
                error = e;
            }
            catch (CardMuteException e)
            {
                error = e;
            }
        }
        return new CardSession(options.NewSessionId(), reader, atr.ToArray(), recognition, identity, error, options.TimeProvider.GetUtcNow());
    }
}
