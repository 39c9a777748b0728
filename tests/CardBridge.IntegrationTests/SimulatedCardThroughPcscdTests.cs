using CardBridge.HardwareSim.Vpcd;
using CardBridge.Iso7816;
using CardBridge.Pcsc;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;

namespace CardBridge.IntegrationTests;

/// <summary>Our binding → the real pcscd → vpcd → the simulated social security card.</summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class SimulatedCardThroughPcscdTests
{
    private static readonly byte[] SsseAid = Convert.FromHexString("7378312E73682EC9E7BBE1B1A3D5CF");

    [Fact]
    public void Binding_lists_both_vpcd_readers()
    {
        using var context = PcscContext.Establish();

        var readers = context.ListReaders();

        Assert.Contains(PcscdFixture.FirstReader, readers);
        Assert.Contains(PcscdFixture.SecondReader, readers);
    }

    [Fact]
    public async Task Binding_reads_ATR_SELECT_and_READ_RECORD_from_the_simulated_card()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var simulated = SimCard.ThirdGen().Build();
        await using var inserted = await PcscdFixture.InsertAsync(simulated, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        var channel = new CardChannel(card);

        // vpcd implements no reader attribute, so pcscd answers SCardGetAttrib with an error: it must arrive typed.
        var attributeError = Assert.ThrowsAny<PcscException>(() => card.GetAttribute(PcscAttributeId.AtrString));
        var select = await channel.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, SsseAid, 256), timeout.Token);
        var record = await channel.TransmitAsync(new CommandApdu(0x00, 0xB2, 0x01, 0x2C, default, 256), timeout.Token);

        Assert.Equal(simulated.Atr.ToArray(), card.Status().Atr.ToArray());
        Assert.StartsWith("SCARD_E_", attributeError.CodeName, StringComparison.Ordinal);
        Assert.Equal(StatusWord.Success, select.StatusWord);
        var fci = BerTlv.ParseSingle(select.Data);
        Assert.Equal(SsseAid, fci.Find(0x84)!.Value.ToArray());
        Assert.Equal(StatusWord.Success, record.StatusWord);
        Assert.Equal(0x01, record.Data.Span[0]);
        Assert.Equal(simulated.CardIdentificationCode.ToArray(), record.Data[2..].ToArray());
    }

    [Fact]
    public async Task Card_pulled_in_the_middle_of_a_command_gives_CardRemoved_without_hanging()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var simulated = SimCard.ThirdGen().Build();
        await using var inserted = await PcscdFixture.InsertAsync(simulated, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        card.Timeout = TimeSpan.FromSeconds(10);
        var channel = new CardChannel(card);
        await channel.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, SsseAid), timeout.Token);

        simulated.Faults.RemoveOnNextCommand = true;
        var started = TimeProvider.System.GetTimestamp();
        await Assert.ThrowsAsync<CardRemovedException>(
            () => channel.TransmitAsync(new CommandApdu(0x00, 0xB2, 0x01, 0x2C, default, 0x12), timeout.Token));

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5), "removal is reported promptly");
        await PcscdFixture.WaitForCardAsync(PcscdFixture.FirstReader, present: false, TimeSpan.FromSeconds(5), timeout.Token);
        await Assert.ThrowsAsync<CardRemovedException>(
            () => channel.TransmitAsync(new CommandApdu(0x00, 0x84, 0x00, 0x00, default, 8), timeout.Token));
    }

    [Fact]
    public async Task Card_that_leaves_during_a_slow_answer_gives_CardRemoved()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var simulated = new SignallingCard(SimCard.ThirdGen().Build(), ins: 0x84);
        await using var inserted = await PcscdFixture.InsertAsync(simulated, VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        var channel = new CardChannel(card);
        simulated.Faults.Delay = TimeSpan.FromSeconds(20);

        var pending = channel.TransmitAsync(new CommandApdu(0x00, 0x84, 0x00, 0x00, default, 8), timeout.Token);
        await simulated.Received.WaitAsync(timeout.Token);
        inserted.Bridge.Remove();

        await Assert.ThrowsAsync<CardRemovedException>(() => pending);
    }
}

/// <summary>Passes everything to a card and signals when a command with the given INS reaches it.</summary>
internal sealed class SignallingCard(ISimulatedCard inner, byte ins) : ISimulatedCard
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Received => _received.Task;

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public CardFaults Faults => inner.Faults;

    public void Reset() => inner.Reset();

    public SimulatedReply Process(ReadOnlySpan<byte> command)
    {
        if (command.Length > 1 && command[1] == ins)
        {
            _received.TrySetResult();
        }
        return inner.Process(command);
    }
}
