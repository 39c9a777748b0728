using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Service.Tests.Api;

/// <summary>What ListReaders tells about each reader, and the PIN-pad prompts WatchEvents announces.</summary>
public sealed class ReaderFactsOverGrpcTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    private static Task<ServiceRig> StartAsync() => ServiceRig.StartAsync(
        ("Simulation:PinPadReaders:0", ServiceRig.Reader0),
        ($"Readers:Interfaces:{ServiceRig.Reader0}", "Contact"),
        ($"Readers:Interfaces:{ServiceRig.Reader1}", "Contactless"));

    [Fact]
    public async Task ListReaders_tells_the_PIN_pad_and_its_features_the_configured_interface_and_the_PSAMs_terminal_number()
    {
        await using var rig = await StartAsync();
        await rig.InitialSessionAsync();
        await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());

        var answer = await rig.Readers.ListReadersAsync(new ListReadersRequest(), ServiceRig.WithKey(null));

        var withPad = answer.Readers.Single(r => r.Name == ServiceRig.Reader0);
        var without = answer.Readers.Single(r => r.Name == ServiceRig.Reader1);
        Assert.True(withPad.PinPad);
        Assert.Contains("VERIFY_PIN_DIRECT", withPad.Features);
        Assert.Equal(ReaderInterface.Contact, withPad.CardInterface);
        Assert.False(without.PinPad);
        Assert.DoesNotContain("VERIFY_PIN_DIRECT", without.Features);
        Assert.Equal(ReaderInterface.Contactless, without.CardInterface);
        Assert.Equal("Simulated PSAM", answer.Psam.Reader);
        Assert.Equal("999900000001", answer.Psam.TerminalNumber);
    }

    [Fact]
    public async Task Without_a_PSAM_there_is_no_PSAM_slot_and_an_unconfigured_reader_has_no_interface()
    {
        await using var rig = await ServiceRig.StartAsync(("Simulation:Psam", "false"));

        var answer = await rig.Readers.ListReadersAsync(new ListReadersRequest(), ServiceRig.WithKey(null));

        Assert.Null(answer.Psam);
        Assert.All(answer.Readers, r => Assert.Equal(ReaderInterface.Unspecified, r.CardInterface));
    }

    [Fact]
    public async Task A_PIN_typed_on_the_pad_is_announced_to_watchers_when_the_entry_starts_and_when_it_ends()
    {
        await using var rig = await StartAsync();
        var session = await rig.InitialSessionAsync();
        using var timeout = new CancellationTokenSource(EventTimeout);
        using var watch = rig.Readers.WatchEvents(new WatchEventsRequest { Reader = ServiceRig.Reader0 }, ServiceRig.WithKey(null));
        await watch.ResponseHeadersAsync;

        await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = ServiceRig.Reader0, Digits = RigCards.Pin }, ServiceRig.WithKey(null));
        await rig.Identity.VerifyPinAsync(new VerifyPinRequest { Target = new CardTarget { SessionId = session }, UsePinPad = true }, ServiceRig.WithKey(null));

        var stages = new List<PinPadStage>();
        while (stages.Count < 2 && await watch.ResponseStream.MoveNext(timeout.Token))
        {
            if (watch.ResponseStream.Current.PinPadPrompt is { } prompt)
            {
                Assert.Equal((ServiceRig.Reader0, session), (prompt.Reader, prompt.SessionId));
                stages.Add(prompt.Stage);
            }
        }
        Assert.Equal([PinPadStage.EnterPin, PinPadStage.Done], stages);
    }
}
