using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;
using FsCheck.Xunit;

namespace CardBridge.Simulation.Tests;

public sealed class CommandHandlingTests
{
    private static readonly byte[] KnownInstructions = [0xA4, 0xB0, 0xB2, 0xD6, 0xDC, 0x20, 0x84, 0x88, 0x82, 0x5E, 0xC0, 0x1A, 0xFA];
    private static readonly byte[] Classes = [0x00, 0x80, 0x84, 0x04, 0xFF];

    [Theory]
    [InlineData("00CA000000", 0x6D00)]
    [InlineData("A0A40000023F00", 0x6E00)]
    [InlineData("80A40000023F00", 0x6E00)]
    [InlineData("84B2012C00", 0x6988)]
    [InlineData("00A4", 0x6700)]
    [InlineData("00A4040010AA", 0x6700)]
    [InlineData("", 0x6700)]
    public void Card_answers_unknown_and_malformed_commands_with_a_status_word(string apdu, int statusWord)
    {
        var card = new CardUnderTest(SimCard.ThirdGen().Build());

        card.Raw(apdu).HasStatus((ushort)statusWord);
    }

    [Theory]
    [InlineData("00CA000000", 0x6D00)]
    [InlineData("A0B0960006", 0x6E00)]
    [InlineData("001A280108", 0x6E00)]
    public void Psam_answers_unknown_commands_with_a_status_word(string apdu, int statusWord)
    {
        var psam = new CardUnderTest(SimCard.Psam().Build());

        psam.Raw(apdu).HasStatus((ushort)statusWord);
    }

    [Property(MaxTest = 500)]
    public bool Arbitrary_bytes_never_make_the_card_throw(byte[][] commands)
    {
        var card = SimCard.ThirdGen().WithRandom(new Random(3)).Build();
        var psam = SimCard.Psam().Build();
        return (commands ?? []).All(command => AnswersWithStatus(card, command ?? []) && AnswersWithStatus(psam, command ?? []));
    }

    [Property(MaxTest = 1000)]
    public bool Well_formed_headers_with_arbitrary_bodies_never_make_the_card_throw(
        byte claChoice, byte insChoice, byte p1, byte p2, byte[] body, bool authenticated)
    {
        var card = SimCard.ThirdGen().WithRandom(new Random(5)).Build();
        card.Process(Convert.FromHexString(CardUnderTest.SelectSsse));
        if (authenticated)
        {
            card.Process(Convert.FromHexString("0020000003123456"));
            card.Process(Convert.FromHexString("0084000008"));
        }
        byte[] command = [Classes[claChoice % Classes.Length], KnownInstructions[insChoice % KnownInstructions.Length], p1, p2, .. body ?? []];
        return AnswersWithStatus(card, command) && AnswersWithStatus(card, command[..Math.Min(command.Length, 5)]);
    }

    private static bool AnswersWithStatus(ISimulatedCard card, byte[] command)
    {
        var reply = card.Process(command);
        return reply.Kind == SimulatedReplyKind.Answer && reply.Response.Length >= 2 && reply.Response[^2] != 0x6F;
    }
}
