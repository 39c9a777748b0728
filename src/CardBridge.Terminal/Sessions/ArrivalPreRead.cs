using CardBridge.Cards;
using CardBridge.Cards.Financial;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Layout;
using CardBridge.Cards.Recognition;
using CardBridge.Iso7816;

namespace CardBridge.Terminal;

/// <summary>
/// The pre-read of an arriving card (DESIGN §3): recognise it, read a social security card's identity with the
/// recognition passed on, with <see cref="CardTerminalOptions.PreReadBankAccount"/> its bank account reference, and make
/// the card's <see cref="CardSession"/>, holding the identity or the typed error that prevented its read.
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
        var bank = identity is not null && options.PreReadBankAccount ? await BankAccountOrNullAsync(channel, gone) : null;
        return new CardSession(options.NewSessionId(), reader, atr.ToArray(), recognition, identity, error, options.TimeProvider.GetUtcNow())
        {
            BankAccount = bank,
        };
    }

    // The account is a convenience of the pre-read: a card without one, or with a bad record, is read on demand instead,
    // where the caller gets the typed error. The SSSE is selected again, so later work finds the card as the identity
    // read left it.
    private async Task<BankAccountReference?> BankAccountOrNullAsync(ICardChannel channel, CancellationToken gone)
    {
        BankAccountReference? bank = null;
        try
        {
            bank = await new FinancialApplication(channel).ReadAsync(revealPan: true, gone);
        }
        catch (CardException)
        {
            // Left to the on-demand read.
        }
        await channel.TransmitAsync(CommandApdu.SelectByName((options.Layout ?? CardFileLayout.National).SsseAidBytes), gone);
        return bank;
    }
}
