using CardBridge.Cards.Layout;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Recognition;

/// <summary>
/// Tells a third-generation, second-generation (or first-generation) social security card from any other card:
/// SELECT SSSE with its FCI (the algorithm, tag 86) then READ RECORD of EF05's spec version (tag 03). Two
/// commands (three on T=0 cards that answer SELECT with 61xx). Any refusal or malformed answer makes the card
/// "not a social security card"; only a card that leaves or goes mute raises (the channel's
/// <see cref="CardRemovedException"/> / <see cref="CardMuteException"/>).
/// </summary>
public sealed class CardRecognizer
{
    private readonly CardFileLayout _layout;

    /// <summary>Creates a recognizer for a card layout (the national one unless given).</summary>
    public CardRecognizer(CardFileLayout? layout = null)
    {
        _layout = layout ?? CardFileLayout.National;
        _layout.Validate();
    }

    /// <summary>Recognises the card on <paramref name="channel"/>, whose answer to reset is <paramref name="atr"/>.</summary>
    public async Task<CardRecognition> RecognizeAsync(ICardChannel channel, ReadOnlyMemory<byte> atr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var historical = AnswerToReset.HistoricalBytes(atr) ?? ReadOnlyMemory<byte>.Empty;
        var selection = await SsseSelection.SelectAsync(channel, _layout.SsseAidBytes, cancellationToken);
        if (!selection.Found)
        {
            return CardRecognition.NotSocialSecurityCard(historical, selection.NotSocialSecurityCardReason!);
        }
        var slot = _layout.CardFile.SlotOf(Tags.SpecVersion);
        var read = CommandApdu.ReadRecord(_layout.CardFile.Sfi, slot.Record, slot.RecordLength);
        ResponseApdu response;
        try
        {
            response = await channel.TransmitAsync(read, cancellationToken);
        }
        catch (ApduFormatException e)
        {
            return CardRecognition.NotSocialSecurityCard(historical, $"READ RECORD EF05 spec version: the answer does not follow ISO 7816 ({e.Message})");
        }
        if (!response.StatusWord.IsNormal)
        {
            return CardRecognition.NotSocialSecurityCard(historical, $"READ RECORD EF05 spec version answered {response.StatusWord}");
        }
        var version = SpecVersion.Decode(response.Data);
        var generation = version is null ? CardGeneration.NotSocialSecurityCard : SpecVersion.Classify(version);
        if (generation == CardGeneration.NotSocialSecurityCard)
        {
            return CardRecognition.NotSocialSecurityCard(historical, $"EF05 spec version record {Convert.ToHexString(response.Data.Span)} is not 1.00, 2.00 or 3.00");
        }
        return new CardRecognition(generation, version, selection.Algorithm, historical, null);
    }
}
