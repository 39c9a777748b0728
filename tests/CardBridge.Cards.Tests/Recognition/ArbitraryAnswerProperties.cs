using CardBridge.Cards.Identity;
using CardBridge.Cards.Recognition;
using CardBridge.Cards.Tests.Identity;
using CardBridge.Iso7816;
using CardBridge.Simulation.Transport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CardBridge.Cards.Tests.Recognition;

public sealed class ArbitraryAnswerProperties
{
    // Any answer with a status word: random data with 9000 half of the time, so parsers see garbage that "succeeded".
    private static Arbitrary<string> Answers() =>
        Gen.Elements(true, false)
            .SelectMany(_ => ArbMap.Default.GeneratorFor<byte[]>(), (success, data) => (success, data))
            .Select(t => Convert.ToHexString(t.success ? [.. t.data, 0x90, 0x00] : [.. t.data, 0x6A, 0x82]))
            .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Recognition_of_any_card_answer_is_a_result_never_an_exception() =>
        Prop.ForAll(Answers(), async answer =>
        {
            var card = new ForeignCard(answer);
            var channel = new CardChannel(new SimulatedCardTransport(card, TimeSpan.FromSeconds(1)));
            var result = await new CardRecognizer().RecognizeAsync(channel, card.Atr, CancellationToken.None);
            return result.Generation == CardGeneration.NotSocialSecurityCard && result.Reason is not null;
        });

    [Property(MaxTest = 300)]
    public Property Identity_read_of_any_card_answer_raises_only_typed_card_errors() =>
        Prop.ForAll(Answers(), async answer =>
        {
            var card = new ForeignCard(answer);
            var channel = new CardChannel(new SimulatedCardTransport(card, TimeSpan.FromSeconds(1)));
            var reader = new IdentityReader(null, new FixedTime(new DateOnly(2025, 6, 1)));
            try
            {
                await reader.ReadAsync(channel, card.Atr, CancellationToken.None);
                return false;
            }
            catch (NotASocialSecurityCardException)
            {
                return true;
            }
        });
}
