using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Transport;

namespace CardBridge.Simulation.Tests;

/// <summary>A simulated card in an in-process slot, driven through the real <see cref="CardChannel"/>.</summary>
internal sealed class CardUnderTest
{
    public const string SelectSsse = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF";
    public const string SelectMedical = "00A4040006D15600000503";

    public CardUnderTest(ISimulatedCard card, TimeSpan? responseTimeout = null)
    {
        Card = card;
        Transport = new SimulatedCardTransport(card, responseTimeout ?? TimeSpan.FromSeconds(2));
        Channel = new CardChannel(Transport);
    }

    public ISimulatedCard Card { get; }

    public SimulatedCardTransport Transport { get; }

    public CardChannel Channel { get; }

    /// <summary>Sends through the channel (61xx and 6Cxx handled).</summary>
    public Task<ResponseApdu> SendAsync(string hex) => SendAsync(Apdu(hex));

    public Task<ResponseApdu> SendAsync(CommandApdu command) => Channel.TransmitAsync(command, CancellationToken.None);

    /// <summary>Sends straight to the card and returns its raw answer.</summary>
    public ResponseApdu Raw(string hex)
    {
        var reply = Card.Process(Convert.FromHexString(hex));
        Assert.Equal(SimulatedReplyKind.Answer, reply.Kind);
        return ResponseApdu.Parse(reply.Response);
    }

    public static CommandApdu Apdu(string hex) => CommandApdu.Parse(Convert.FromHexString(hex));

    public static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexString(bytes.Span);
}

internal static class ResponseAssertions
{
    public static void HasStatus(this ResponseApdu response, ushort statusWord) =>
        Assert.Equal($"{statusWord:X4}", $"{response.StatusWord.Value:X4}");
}
