using CardBridge.Cards.Authentication;
using CardBridge.Cards.Identity;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Transit.Eligibility;
using CardBridge.Transit.Gate;
using Microsoft.Data.Sqlite;

namespace CardBridge.Transit.Tests.Gate;

public sealed class CardTapTests
{
    private const byte InsDebit = 0x54;
    private const byte InsReadRecord = 0xB2;

    [Fact]
    public async Task Ordinary_adult_pays_the_default_fare_from_the_purse_and_the_ride_is_journaled_with_the_TAC()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.OrdinaryCard();

        var decision = Assert.IsType<AllowedRide>(await rig.TapAsync(card));

        Assert.Null(decision.FreeReason);
        Assert.Equal(200u, decision.FareFen);
        Assert.Equal(4800u, decision.BalanceAfterFen);
        Assert.Equal(4800u, card.Purse!.BalanceFen);
        var ride = Assert.Single(await rig.RidesAsync());
        Assert.Equal(decision.RideId, ride.Id);
        Assert.Equal(GateRig.Gate, ride.TerminalId);
        Assert.Equal(200, ride.Amounts.TotalFen);
        Assert.Equal(4, ride.CardTac.Length);
        Assert.Equal(Riders.Ordinary, (await rig.Journal.ReadPersonalAsync(ride.Sequence, CancellationToken.None)).CardNumber);
    }

    [Fact]
    public async Task A_line_with_its_own_fare_charges_that_fare()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.OrdinaryCard();

        var decision = Assert.IsType<AllowedRide>(await rig.TapAsync(card, line: "L9"));

        Assert.Equal(350u, decision.FareFen);
        Assert.Equal(4650u, card.Purse!.BalanceFen);
    }

    [Fact]
    public async Task Holder_turning_65_on_the_tap_date_rides_free_and_the_purse_is_untouched()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.ElderlyCard();

        var decision = Assert.IsType<AllowedRide>(await rig.TapAsync(card));

        Assert.Equal(FreeRideReason.Age, decision.FreeReason);
        Assert.Equal(0u, decision.FareFen);
        Assert.Equal(0, Assert.Single(await rig.RidesAsync()).Amounts.TotalFen);
    }

    [Fact]
    public async Task Holder_turning_65_tomorrow_in_Beijing_pays()
    {
        await using var rig = await GateRig.StartAsync();
        rig.Time.Set(new DateTimeOffset(2026, 11, 28, 15, 59, 0, TimeSpan.Zero));

        var decision = await rig.TapAsync(Riders.ElderlyCard());

        Assert.Equal(RefusalReason.InsufficientBalance, Assert.IsType<RefusedRide>(decision).Reason);
    }

    [Theory]
    [InlineData(Riders.Disabled, "disabled")]
    [InlineData(Riders.Veteran, "veteran")]
    public async Task Category_list_riders_ride_free(string cardNumber, string category)
    {
        await using var rig = await GateRig.StartAsync();
        var card = cardNumber == Riders.Disabled ? Riders.DisabledCard() : Riders.VeteranCard();

        var decision = Assert.IsType<AllowedRide>(await rig.TapAsync(card));

        Assert.Equal(FreeRideReason.Category, decision.FreeReason);
        Assert.Equal(category, decision.FreeCategory);
    }

    [Fact]
    public async Task Hot_listed_card_is_refused_uncharged_and_the_refusal_is_journaled()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.HotListedCard();

        var decision = Assert.IsType<RefusedRide>(await rig.TapAsync(card));

        Assert.Equal(RefusalReason.HotListed, decision.Reason);
        Assert.Equal(5000u, card.Purse!.BalanceFen);
        Assert.Equal(decision.RideId, Assert.Single(await rig.RidesAsync()).Id);
    }

    [Fact]
    public async Task Too_little_balance_is_refused_with_the_balance_and_nothing_is_charged()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.PoorCard();

        var decision = Assert.IsType<RefusedRide>(await rig.TapAsync(card));

        Assert.Equal(RefusalReason.InsufficientBalance, decision.Reason);
        Assert.Equal(150u, decision.BalanceFen);
        Assert.Equal(200u, decision.FareFen);
        Assert.Equal(150u, card.Purse!.BalanceFen);
        Assert.Single(await rig.RidesAsync());
    }

    [Fact]
    public async Task Double_tap_within_the_window_is_one_ride_and_after_it_a_new_one()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.OrdinaryCard();

        var first = await rig.TapAsync(card);
        rig.Time.Advance(TimeSpan.FromSeconds(9));
        var second = await rig.TapAsync(card);

        Assert.True(second.Repeated);
        Assert.False(first.Repeated);
        Assert.Equal(first.RideId, second.RideId);
        Assert.Equal(4800u, card.Purse!.BalanceFen);
        Assert.Single(await rig.RidesAsync());

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        var third = await rig.TapAsync(card);

        Assert.False(third.Repeated);
        Assert.Equal(4600u, card.Purse.BalanceFen);
        Assert.Equal(2, (await rig.RidesAsync()).Count);
    }

    [Fact]
    public async Task The_same_card_on_another_gate_is_another_ride()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.OrdinaryCard();

        await rig.TapAsync(card);
        var other = await rig.GateLogic.TapAsync(rig.Tap(card, out _), "GATE-02", GateRig.Line, GateRig.Stop, CancellationToken.None);

        Assert.False(other.Repeated);
        Assert.Equal(4600u, card.Purse!.BalanceFen);
    }

    [Fact]
    public async Task Card_removed_after_DEBIT_is_recovered_on_the_next_tap_after_a_restart_and_charged_once()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.OrdinaryCard();
        card.Faults.RemoveAfterProcessing(InsDebit);

        await Assert.ThrowsAsync<TapInterruptedException>(() => rig.TapAsync(card));
        Assert.Equal(4800u, card.Purse!.BalanceFen);
        Assert.Empty(await rig.RidesAsync());

        await rig.RestartAsync();
        var decision = Assert.IsType<AllowedRide>(await rig.TapAsync(card));

        Assert.True(decision.Recovered);
        Assert.Equal(200u, decision.FareFen);
        Assert.Equal(4800u, decision.BalanceAfterFen);
        Assert.Equal(4800u, card.Purse.BalanceFen);
        Assert.Equal(4, Assert.Single(await rig.RidesAsync()).CardTac.Length);
    }

    [Fact]
    public async Task Card_removed_as_DEBIT_is_sent_is_charged_once_on_the_next_tap_after_a_restart()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.OrdinaryCard();
        var plain = rig.Tap(card, out _);
        // The card leaves just as DEBIT is sent: the purchase is pending in the store but the purse never saw it.
        var tap = plain with { Card = new BeforeSendChannel(plain.Card, c => card.Faults.RemoveOnNextCommand = c.Ins == InsDebit) };

        await Assert.ThrowsAsync<TapInterruptedException>(
            () => rig.GateLogic.TapAsync(tap, GateRig.Gate, GateRig.Line, GateRig.Stop, CancellationToken.None));
        Assert.Equal(5000u, card.Purse!.BalanceFen);
        Assert.NotNull(await rig.Pending.FindAsync("9900010000000014", CancellationToken.None));

        await rig.RestartAsync();
        var decision = Assert.IsType<AllowedRide>(await rig.TapAsync(card));

        Assert.False(decision.Recovered);
        Assert.Equal(4800u, card.Purse.BalanceFen);
        Assert.Single(await rig.RidesAsync());
    }

    [Fact]
    public async Task A_card_tap_reports_APDU_time_and_own_time_separately()
    {
        await using var rig = await GateRig.StartAsync();

        var decision = await rig.TapAsync(Riders.OrdinaryCard());

        Assert.True(decision.Latency.Apdu > TimeSpan.Zero);
        Assert.True(decision.Latency.Own > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_stale_category_list_makes_its_rider_pay_and_the_decision_says_so()
    {
        await using var rig = await GateRig.StartAsync();
        rig.Time.Advance(TimeSpan.FromDays(8));

        var decision = await rig.TapAsync(Riders.DisabledCard());

        Assert.Equal(RefusalReason.InsufficientBalance, Assert.IsType<RefusedRide>(decision).Reason);
        Assert.Contains("disabled", decision.StaleLists);
    }

    [Fact]
    public async Task Four_gates_tapping_at_once_each_decide_and_journal_their_own_ride()
    {
        await using var rig = await GateRig.StartAsync();
        // Each gate has its own PSAM, as real gates do: a PSAM holds one purchase session at a time.
        var cards = Enumerable.Range(0, 4).Select(_ => Riders.OrdinaryCard()).ToArray();

        var decisions = await Task.WhenAll(cards.Select((card, i) =>
            rig.GateLogic.TapAsync(rig.Tap(card, out _, SimCard.Psam().Build()), $"GATE-{i + 1:D2}", GateRig.Line, GateRig.Stop, CancellationToken.None)));

        Assert.All(decisions, d => Assert.IsType<AllowedRide>(d));
        Assert.All(cards, c => Assert.Equal(4800u, c.Purse!.BalanceFen));
        Assert.Equal(4, (await rig.RidesAsync()).Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_ride_the_journal_cannot_store_still_carries_its_decision_and_a_retap_is_not_charged_again()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.OrdinaryCard();
        await using (var locker = new SqliteConnection($"Data Source={GateRig.JournalOptions(rig.Directory).Path};Pooling=False"))
        {
            await locker.OpenAsync();
            await using var command = locker.CreateCommand();
            command.CommandText = "BEGIN EXCLUSIVE";
            await command.ExecuteNonQueryAsync();

            var error = await Assert.ThrowsAsync<RideNotJournaledException>(() => rig.TapAsync(card));

            Assert.Equal(4800u, Assert.IsType<AllowedRide>(error.Decision).BalanceAfterFen);
        }
        var retap = await rig.TapAsync(card);

        Assert.True(retap.Repeated);
        Assert.Equal(4800u, card.Purse!.BalanceFen);
    }

    [Fact]
    public async Task With_the_identity_pre_read_at_arrival_a_paid_tap_sends_the_card_only_purse_commands()
    {
        await using var rig = await GateRig.StartAsync();
        var card = Riders.OrdinaryCard();
        var (tap, sent) = await PreReadTapAsync(rig, card);

        var decision = Assert.IsType<AllowedRide>(await rig.GateLogic.TapAsync(tap, GateRig.Gate, GateRig.Line, GateRig.Stop, CancellationToken.None));

        Assert.Equal(200u, decision.FareFen);
        Assert.Equal(4800u, card.Purse!.BalanceFen);
        Assert.DoesNotContain(InsReadRecord, sent);
        Assert.Contains(InsDebit, sent);
        Assert.Single(await rig.RidesAsync());
    }

    [Fact]
    public async Task With_the_identity_pre_read_at_arrival_a_free_ride_sends_the_card_nothing()
    {
        await using var rig = await GateRig.StartAsync();
        var (tap, sent) = await PreReadTapAsync(rig, Riders.ElderlyCard());

        var decision = Assert.IsType<AllowedRide>(await rig.GateLogic.TapAsync(tap, GateRig.Gate, GateRig.Line, GateRig.Stop, CancellationToken.None));

        Assert.Equal(FreeRideReason.Age, decision.FreeReason);
        Assert.Empty(sent);
        Assert.Equal(TimeSpan.Zero, decision.Latency.Apdu);
    }

    // The terminal's pre-read (identity with PSAM authentication, as the service does at card arrival), then a tap that
    // carries it and records every command the card gets from the gate.
    private static async Task<(CardTap Tap, List<byte> Sent)> PreReadTapAsync(GateRig rig, SimulatedSocialSecurityCard card)
    {
        var plain = rig.Tap(card, out _);
        var preRead = await new IdentityReader(new PsamAuthenticator(plain.Psam), rig.Time).ReadAsync(plain.Card, plain.Atr, CancellationToken.None);
        var sent = new List<byte>();
        return (plain with { Card = new BeforeSendChannel(plain.Card, c => sent.Add(c.Ins)), PreRead = preRead }, sent);
    }

    private sealed class BeforeSendChannel(ICardChannel inner, Action<CommandApdu> beforeSend) : ICardChannel
    {
        public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken)
        {
            beforeSend(command);
            return inner.TransmitAsync(command, cancellationToken);
        }
    }
}
