using System.Diagnostics;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task Mute_card_makes_the_transmit_give_up_with_CardMuteException_after_the_response_timeout()
    {
        var built = SimCard.ThirdGen().Build();
        built.Faults.Mute = true;
        var card = new CardUnderTest(built, TimeSpan.FromMilliseconds(50));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<CardMuteException>(() => card.SendAsync(CardUnderTest.SelectSsse));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(45), $"gave up after {clock.Elapsed}");
        Assert.Equal(SimulatedReplyKind.Mute, built.Process(Convert.FromHexString("0084000008")).Kind);
    }

    [Fact]
    public async Task Mute_wait_honours_cancellation()
    {
        var built = SimCard.ThirdGen().Build();
        built.Faults.Mute = true;
        var card = new CardUnderTest(built, TimeSpan.FromMinutes(5));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => card.Channel.TransmitAsync(CardUnderTest.Apdu(CardUnderTest.SelectSsse), cancellation.Token));
    }

    [Fact]
    public async Task Delay_is_reported_in_the_reply_and_applied_by_the_transport()
    {
        var built = SimCard.ThirdGen().WithT0GetResponse(false).Build();
        built.Faults.Delay = TimeSpan.FromMilliseconds(60);
        var card = new CardUnderTest(built);

        var reply = built.Process(Convert.FromHexString(CardUnderTest.SelectSsse));
        var clock = Stopwatch.StartNew();
        var response = await card.SendAsync(CardUnderTest.SelectSsse);

        Assert.Equal(TimeSpan.FromMilliseconds(60), reply.Delay);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(55), $"answered after {clock.Elapsed}");
        response.HasStatus(0x9000);
    }

    [Fact]
    public async Task Removal_mid_command_throws_CardRemovedException_until_the_card_is_inserted_again()
    {
        var built = SimCard.ThirdGen().Build();
        var card = new CardUnderTest(built);
        await card.SendAsync(CardUnderTest.SelectSsse);
        built.Faults.RemoveOnNextCommand = true;

        await Assert.ThrowsAsync<CardRemovedException>(() => card.SendAsync("00B2012C00"));
        await Assert.ThrowsAsync<CardRemovedException>(() => card.SendAsync("00B2012C00"));
        Assert.False(card.Transport.IsPresent);
        card.Transport.Insert();
        var afterInsert = await card.SendAsync("00B2012C00");

        afterInsert.HasStatus(0x6A82);
        Assert.False(built.Faults.RemoveOnNextCommand);
    }

    [Fact]
    public async Task Forced_status_word_replaces_the_answer_for_one_instruction_only()
    {
        var built = SimCard.ThirdGen().Build();
        built.Faults.ForceStatusWord(0x6581, 0xB2);
        var card = new CardUnderTest(built);

        var select = await card.SendAsync(CardUnderTest.SelectSsse);
        var read = await card.SendAsync("00B2012C12");

        select.HasStatus(0x9000);
        read.HasStatus(0x6581);
        Assert.True(read.Data.IsEmpty);
    }

    [Fact]
    public void Forced_status_word_for_every_instruction_and_clear()
    {
        var built = SimCard.ThirdGen().Build();
        var card = new CardUnderTest(built);
        built.Faults.ForceStatusWord(0x6F00);

        card.Raw("0084000008").HasStatus(0x6F00);
        built.Faults.Clear();
        card.Raw("0084000008").HasStatus(0x9000);
    }

    [Fact]
    public async Task Corrupt_TLV_makes_the_FCI_and_records_unparseable()
    {
        var built = SimCard.ThirdGen().Build();
        var card = new CardUnderTest(built);
        built.Faults.CorruptTlv = true;

        var fci = await card.SendAsync(CardUnderTest.SelectSsse);
        var record = await card.SendAsync("00B2012C00");

        fci.HasStatus(0x9000);
        Assert.Throws<TlvFormatException>(() => BerTlv.ParseSingle(fci.Data));
        Assert.Throws<TlvFormatException>(() => BerTlv.ParseSingle(record.Data));
    }

    [Fact]
    public async Task Corrupt_TLV_leaves_non_TLV_data_alone()
    {
        var built = SimCard.ThirdGen().WithRandom(new Random(1)).Build();
        var expected = new byte[8];
        new Random(1).NextBytes(expected);
        var card = new CardUnderTest(built);
        built.Faults.CorruptTlv = true;

        var challenge = await card.SendAsync("0084000008");

        Assert.Equal(expected, challenge.Data.ToArray());
    }

    [Fact]
    public void Psam_honours_faults_too()
    {
        var psam = SimCard.Psam().Build();
        psam.Faults.RemoveOnNextCommand = true;

        Assert.Equal(SimulatedReplyKind.Removed, psam.Process(Convert.FromHexString("00B0960006")).Kind);
        Assert.Equal(SimulatedReplyKind.Answer, psam.Process(Convert.FromHexString("00B0960006")).Kind);
    }
}
