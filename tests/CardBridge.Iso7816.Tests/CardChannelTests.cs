using CardBridge.Iso7816;

namespace CardBridge.Iso7816.Tests;

public sealed class CardChannelTests
{
    [Fact]
    public async Task Transmit_collects_data_announced_by_61xx_with_GET_RESPONSE()
    {
        var transport = new ScriptedTransport(
            ("00A404000F7378312E73682EC9E7BBE1B1A3D5CF00", "611E"),
            ("00C000001E", "6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988011E9F0C038601039000"));
        var channel = new CardChannel(transport);

        var response = await channel.TransmitAsync(
            new CommandApdu(0x00, 0xA4, 0x04, 0x00, Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF"), 256),
            CancellationToken.None);

        Assert.Equal(StatusWord.Success, response.StatusWord);
        Assert.Equal(0x1E, response.Data.Length);
        Assert.Equal(2, transport.Sent.Count);
    }

    [Fact]
    public async Task Transmit_follows_a_chain_of_61xx_and_concatenates_the_parts()
    {
        var transport = new ScriptedTransport(
            ("80CA00FF00", "AABB6102"),
            ("00C0000002", "CCDD6101"),
            ("00C0000001", "EE9000"));
        var channel = new CardChannel(transport);

        var response = await channel.TransmitAsync(
            new CommandApdu(0x80, 0xCA, 0x00, 0xFF, default, 256), CancellationToken.None);

        Assert.Equal("AABBCCDDEE", Convert.ToHexString(response.Data.Span));
        Assert.Equal(StatusWord.Success, response.StatusWord);
    }

    [Fact]
    public async Task Transmit_reissues_with_correct_Le_on_6Cxx()
    {
        var transport = new ScriptedTransport(
            ("00B2012C00", "6C12"),
            ("00B2012C12", "0110" + new string('A', 32) + "9000"));
        var channel = new CardChannel(transport);

        var response = await channel.TransmitAsync(
            new CommandApdu(0x00, 0xB2, 0x01, 0x2C, default, 256), CancellationToken.None);

        Assert.Equal(0x12, response.Data.Length);
        Assert.Equal(2, transport.Sent.Count);
    }

    [Fact]
    public async Task Transmit_reissues_only_once_when_the_card_keeps_answering_6Cxx()
    {
        var transport = new ScriptedTransport(("00B2012C00", "6C12"), ("00B2012C12", "6C13"));
        var channel = new CardChannel(transport);

        var response = await channel.TransmitAsync(
            new CommandApdu(0x00, 0xB2, 0x01, 0x2C, default, 256), CancellationToken.None);

        Assert.Equal(0x6C13, response.StatusWord.Value);
        Assert.Equal(2, transport.Sent.Count);
    }

    [Fact]
    public async Task Transmit_gives_up_on_a_card_that_answers_61xx_forever()
    {
        var channel = new CardChannel(new EndlessMoreDataTransport());

        await Assert.ThrowsAsync<ApduFormatException>(() => channel.TransmitAsync(
            new CommandApdu(0x00, 0xB0, 0x00, 0x00, default, 256), CancellationToken.None));
    }

    [Fact]
    public async Task Transmit_reports_a_reply_without_status_word_as_mute_card()
    {
        var channel = new CardChannel(new ScriptedTransport(("0084000008", "")));

        await Assert.ThrowsAsync<CardMuteException>(() => channel.TransmitAsync(
            new CommandApdu(0x00, 0x84, 0x00, 0x00, default, 8), CancellationToken.None));
    }

    [Fact]
    public async Task Transmit_returns_error_status_words_unchanged()
    {
        var channel = new CardChannel(new ScriptedTransport(("0020000003123456", "63C2")));

        var response = await channel.TransmitAsync(
            new CommandApdu(0x00, 0x20, 0x00, 0x00, Convert.FromHexString("123456")), CancellationToken.None);

        Assert.Equal(2, response.StatusWord.RetriesLeft);
    }

    private sealed class ScriptedTransport(params (string Command, string Response)[] script) : IApduTransport
    {
        private int _next;

        public List<string> Sent { get; } = [];

        public Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
        {
            var hex = Convert.ToHexString(command.Span);
            Sent.Add(hex);
            Assert.True(_next < script.Length, $"unexpected command {hex}");
            var (expected, response) = script[_next++];
            Assert.Equal(expected, hex);
            return Task.FromResult(Convert.FromHexString(response));
        }
    }

    private sealed class EndlessMoreDataTransport : IApduTransport
    {
        public Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken) =>
            Task.FromResult(Convert.FromHexString("006101"));
    }
}
