using System.Runtime.CompilerServices;
using CardBridge.Cards.Authentication;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;

namespace CardBridge.Terminal.Tests;

/// <summary>
/// The arrival of a card as an APDU script in data (<c>Scripts/*.apdu</c>): the terminal's real pre-read —
/// recognition, identity read, PSAM authentication — runs over scripted card and PSAM transports and must send
/// exactly the script's commands, no more, no fewer, in order.
/// </summary>
public sealed class ArrivalScriptTests
{
    private const string Reader = "Scripted 0";

    /// <summary>A reader with one card in it, as a monitor's first snapshot reports it.</summary>
    private sealed class OneCard(ReadOnlyMemory<byte> atr, IApduTransport card) : IReaderMonitor, ICardConnector, ICardConnection
    {
        public IApduTransport Transport => card;

        public ReadOnlyMemory<byte> Atr => atr;

        public IReaderControl? ReaderControl => null;

        public async IAsyncEnumerable<ReaderEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new ReaderAttached(Reader);
            yield return new CardInserted(Reader, atr);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task<ICardConnection> ConnectAsync(string reader, CancellationToken cancellationToken) =>
            Task.FromResult<ICardConnection>(this);

        public void Dispose()
        {
        }
    }

    private static async Task<CardSession> ArriveAsync(ApduScript script)
    {
        var card = new OneCard(script.Atr, script.Channel("card"));
        var psam = new PsamAuthenticator(new CardChannel(script.Channel("psam")), 0x01, script.Random);
        await using var terminal = new CardTerminal(card, card, new CardTerminalOptions { Authenticator = psam });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var events = terminal.WatchAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        terminal.Start();
        while (await events.MoveNextAsync())
        {
            switch (events.Current)
            {
                case SessionReadyEvent ready:
                    return ready.Session;
                case CardUnreadableEvent unreadable:
                    script.AssertCompleted();
                    Assert.Fail($"the arrival failed: {unreadable.Error}");
                    break;
            }
        }
        throw new InvalidOperationException("the terminal's events ended before the card was read");
    }

    [Fact]
    public async Task Third_generation_card_with_PSAM_authentication_arrives_in_exactly_the_scripted_APDUs()
    {
        var script = ApduScript.Load("third-gen-arrival-with-psam.apdu");

        var session = await ArriveAsync(script);

        script.AssertCompleted();
        Assert.Null(session.IdentityError);
        Assert.Equal("测试甲", session.Identity!.Holder!.Name);
        Assert.Equal("3.00", session.Identity.Card.SpecVersion);
    }

    [Fact]
    public void The_arrival_script_sends_the_card_no_command_twice()
    {
        var script = ApduScript.Load("third-gen-arrival-with-psam.apdu");

        var card = script.Steps.Where(s => s.Channel == "card").Select(s => Convert.ToHexString(s.Command)).ToList();

        Assert.Equal(19, card.Count);
        Assert.Equal(card.Count, card.Distinct(StringComparer.Ordinal).Count());
    }
}
