using System.Threading.Channels;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Readers;

namespace CardBridge.Terminal.Tests;

// Issue 19: the terminal follows the PSAM's reader, so a PSAM pulled is known away without a card failing first,
// and one put back is connected and checked before the next card needs it.
public sealed class PsamPresenceTests
{
    private const string Reader = "Sim 0";
    private const string PsamReader = "PSAM";
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(10);

    // A card's pre-read in the simulator takes milliseconds: by then it has reached the PSAM, well within the terminal's
    // 3 s grace for a PSAM to come back with the PC/SC service.
    private static readonly TimeSpan PsamReportedLater = TimeSpan.FromMilliseconds(300);

    /// <summary>A terminal with its PSAM in a slot, and the slot's availability changes in order.</summary>
    private sealed class PsamRig : IAsyncDisposable
    {
        private readonly Channel<bool> _changes = Channel.CreateUnbounded<bool>();
        private int _markers;

        private PsamRig(SimulatedReaderBank bank, bool psamIn)
        {
            if (psamIn)
            {
                bank.Insert(PsamReader, SimCard.Psam().Build());
            }
            var connector = new CountingConnector(bank);
            Slot = new PsamSlot(connector, PsamReader);
            Slot.AvailabilityChanged += (_, _) => _changes.Writer.TryWrite(Slot.Available);
            Psam = new SharedPsam(Slot, 1);
            Terminal = TerminalRig.Start(bank, connector, new CardTerminalOptions { Authenticator = Psam.Authenticator, Psam = Psam });
        }

        public TerminalRig Terminal { get; }

        public PsamSlot Slot { get; }

        public SharedPsam Psam { get; }

        public SimulatedReaderBank Bank => Terminal.Bank;

        public int PsamConnects => Terminal.Connector.ConnectedReaders.Count(r => r == PsamReader);

        public static PsamRig Start(bool psamIn, params string[] readers) => new(TerminalRig.NewBank(readers), psamIn);

        /// <summary>Waits for the slot's next availability change, which must be to <paramref name="available"/>.</summary>
        public async Task ChangedToAsync(bool available)
        {
            var change = await _changes.Reader.ReadAsync().AsTask().WaitAsync(ChangeTimeout);
            Assert.Equal(available, change);
            Assert.Equal(available, Slot.Available);
        }

        /// <summary>Returns once every change the monitor reported so far has been followed: a reader attached after them is.</summary>
        public async Task FollowedAsync()
        {
            var marker = $"Marker {++_markers}";
            Bank.AttachReader(marker);
            await Terminal.NextAsync<ReaderAttachedEvent>(e => e.Reader == marker);
        }

        /// <summary>Starts with an empty PSAM reader (found so by the start's check), then puts the PSAM in.</summary>
        public static async Task<PsamRig> WithPsamPutInAsync()
        {
            var rig = Start(psamIn: false, Reader, PsamReader);
            await rig.ChangedToAsync(false);
            rig.Bank.Insert(PsamReader, SimCard.Psam().Build());
            await rig.ChangedToAsync(true);
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            await Terminal.DisposeAsync();
            Psam.Dispose();
            Slot.Dispose();
        }
    }

    [Fact]
    public async Task A_PSAM_put_in_is_connected_and_checked_before_any_card_and_the_next_card_sends_it_no_connect()
    {
        await using var rig = await PsamRig.WithPsamPutInAsync();
        var connects = rig.PsamConnects;

        var session = await rig.Terminal.InsertAsync(Reader, SimCard.ThirdGen().Build());

        Assert.True(connects >= 2, $"{connects} connects: the check at start and the one at insertion");
        Assert.Equal(connects, rig.PsamConnects);
        Assert.Equal("测试甲", session.Identity!.Holder!.Name);
        Assert.Equal(Cards.Authentication.KeyAuthority.Psam, session.Identity.VerifiedBy);
        Assert.Null(rig.Slot.Fault);
    }

    [Fact]
    public async Task A_PSAM_pulled_is_unavailable_at_once_with_its_fault_and_its_connection_dropped_without_any_card()
    {
        await using var rig = await PsamRig.WithPsamPutInAsync();
        var disconnections = rig.Terminal.Connector.Disconnections.Reader;
        Assert.False(disconnections.TryRead(out _));

        rig.Bank.Remove(PsamReader);
        await rig.ChangedToAsync(false);

        Assert.Equal("SCARD_E_NO_SMARTCARD", rig.Slot.Fault);
        // At once when idle, else at the end of the check's command still running.
        Assert.Equal(PsamReader, await disconnections.ReadAsync().AsTask().WaitAsync(ChangeTimeout));
    }

    [Fact]
    public async Task A_PSAM_reader_unplugged_is_unavailable_and_the_PSAM_in_it_plugged_back_is_available_before_any_card()
    {
        await using var rig = await PsamRig.WithPsamPutInAsync();

        rig.Bank.DetachReader(PsamReader);
        await rig.ChangedToAsync(false);
        await rig.FollowedAsync();
        var fault = rig.Slot.Fault;
        rig.Bank.AttachReader(PsamReader);
        rig.Bank.Insert(PsamReader, SimCard.Psam().Build());
        await rig.ChangedToAsync(true);
        var connects = rig.PsamConnects;
        await rig.Terminal.InsertAsync(Reader, SimCard.ThirdGen().Build());

        Assert.Equal("SCARD_E_UNKNOWN_READER", fault);
        Assert.Equal(connects, rig.PsamConnects);
    }

    [Fact]
    public async Task A_PSAM_is_unavailable_while_the_service_is_lost_and_available_once_it_is_back_before_any_card()
    {
        await using var rig = await PsamRig.WithPsamPutInAsync();

        rig.Bank.LoseService("SCardGetStatusChange: SCARD_E_NO_SERVICE");
        await rig.ChangedToAsync(false);
        await rig.Terminal.NextAsync<ServiceLostEvent>();
        var fault = rig.Slot.Fault;
        rig.Bank.RestoreService();
        await rig.ChangedToAsync(true);
        var connects = rig.PsamConnects;
        var session = await rig.Terminal.InsertAsync(Reader, SimCard.ThirdGen().Build());

        Assert.Equal("SCARD_E_NO_SERVICE", fault);
        Assert.Equal(connects, rig.PsamConnects);
        Assert.Equal("测试甲", session.Identity!.Holder!.Name);
    }

    // The long soak found it: after a pcscd restart, the card's reader was reported before the PSAM's, and the card was
    // read without its holder ("no card in" the PSAM's reader) although the PSAM had been in its reader all along.
    [Fact]
    public async Task A_card_reported_before_the_PSAM_when_the_service_is_back_waits_for_it_and_is_read_with_its_holder()
    {
        await using var rig = await PsamRig.WithPsamPutInAsync();
        rig.Bank.LoseService("SCardGetStatusChange: SCARD_E_NO_SERVICE");
        await rig.ChangedToAsync(false);
        rig.Bank.Remove(PsamReader);
        rig.Bank.RestoreService();
        await rig.Terminal.NextAsync<ServiceRestoredEvent>();

        var arrival = rig.Terminal.InsertAsync(Reader, SimCard.ThirdGen().Build());
        // The stimulus, not a wait for a result: the PSAM is reported well after the card, as a later poll would.
        await Task.Delay(PsamReportedLater);
        rig.Bank.Insert(PsamReader, SimCard.Psam().Build());
        var session = await arrival;

        Assert.Equal("测试甲", session.Identity!.Holder!.Name);
        Assert.Equal(Cards.Authentication.KeyAuthority.Psam, session.Identity.VerifiedBy);
    }

    [Fact]
    public async Task A_PSAM_whose_reader_is_missing_at_start_is_unavailable_without_any_card()
    {
        await using var rig = PsamRig.Start(psamIn: false, Reader);

        await rig.ChangedToAsync(false);

        Assert.NotNull(rig.Slot.Fault);
    }

    [Fact]
    public async Task A_PSAM_reader_empty_at_start_is_unavailable_with_the_absence_the_monitor_would_report()
    {
        await using var rig = PsamRig.Start(psamIn: false, Reader, PsamReader);

        await rig.ChangedToAsync(false);

        Assert.Equal("SCARD_E_NO_SMARTCARD", rig.Slot.Fault);
    }

    [Fact]
    public async Task The_PSAM_reader_is_neither_claimed_nor_reported_as_a_card_reader()
    {
        await using var rig = await PsamRig.WithPsamPutInAsync();
        var session = await rig.Terminal.InsertAsync(Reader, SimCard.ThirdGen().Build());

        Assert.Equal([new ReaderInfo(Reader, true, session.Id)], rig.Terminal.Terminal.Readers);
        Assert.DoesNotContain(rig.Terminal.Seen, e => e is ReaderAttachedEvent { Reader: PsamReader } or CardInsertedEvent { Reader: PsamReader });
    }
}
