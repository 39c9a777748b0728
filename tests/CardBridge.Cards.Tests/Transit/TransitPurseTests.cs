using CardBridge.Cards.Transit;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Cards.Tests.Transit;

public sealed class TransitPurseTests
{
    private const byte InsDebit = 0x54;

    private static PurseRig Rig(uint balanceFen = 5000) =>
        new(SimCard.ThirdGen().WithPurse(balanceFen).Build(), SimCard.Psam().Build());

    [Fact]
    public async Task GetBalance_reads_the_third_generation_purse()
    {
        var rig = new PurseRig(SimCard.ThirdGen().Build(), SimCard.Psam().Build());

        Assert.Equal(5000u, await rig.Purse.GetBalanceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Purchase_debits_the_purse_and_returns_the_TAC_the_centre_expects()
    {
        var rig = Rig();

        var result = await rig.BuyAsync(200);

        Assert.False(result.Recovered);
        Assert.Equal(200u, result.AmountFen);
        Assert.Equal(4800u, result.BalanceFen);
        Assert.Equal((ushort)1, result.OfflineCounter);
        Assert.Equal("9900010000000001", result.ApplicationSerial);
        Assert.Equal(Convert.FromHexString("999900000001"), result.TerminalId.ToArray());
        Assert.Equal(rig.CentreTac(result), result.Tac.ToArray());
        Assert.Equal(4800u, rig.CardPurse.BalanceFen);
        Assert.Equal(4800u, await rig.Purse.GetBalanceAsync(CancellationToken.None));
        Assert.Null(await rig.Store.FindAsync(result.ApplicationSerial, CancellationToken.None));
    }

    [Fact]
    public async Task Purchase_takes_four_card_and_three_PSAM_commands_in_order()
    {
        var rig = Rig();

        await rig.BuyAsync(150);

        Assert.Equal(
            ["00A40400", "00B09500", "80500102", "80540100"],
            rig.CardChannel.Sent.Select(c => Convert.ToHexString([c.Cla, c.Ins, c.P1, c.P2])));
        Assert.Equal(
            ["00B09600", "80700000", "80720000"],
            rig.PsamChannel.Sent.Select(c => Convert.ToHexString([c.Cla, c.Ins, c.P1, c.P2])));
    }

    [Fact]
    public async Task Consecutive_purchases_count_up_and_get_distinct_TACs()
    {
        var rig = Rig();

        var first = await rig.BuyAsync(200);
        var second = await rig.BuyAsync(200);

        Assert.Equal((ushort)2, second.OfflineCounter);
        Assert.Equal(4600u, second.BalanceFen);
        Assert.Equal(first.TerminalSequence + 1, second.TerminalSequence);
        Assert.NotEqual(first.Tac.ToArray(), second.Tac.ToArray());
        Assert.Equal(rig.CentreTac(second), second.Tac.ToArray());
    }

    [Fact]
    public async Task Purchase_with_an_SM4_purse_verifies_and_gives_the_centre_TAC()
    {
        var rig = new PurseRig(SimCard.ThirdGen().WithPurse(1000, CardAlgorithm.Sm4).Build(), SimCard.Psam().Build());

        var result = await rig.BuyAsync(300);

        Assert.Equal(700u, rig.CardPurse.BalanceFen);
        Assert.Equal(rig.CentreTac(result), result.Tac.ToArray());
    }

    [Fact]
    public async Task Insufficient_funds_is_typed_with_the_balance_and_debits_nothing()
    {
        var rig = Rig(balanceFen: 100);

        var error = await Assert.ThrowsAsync<InsufficientFundsException>(() => rig.BuyAsync(200));

        Assert.Equal(200u, error.AmountFen);
        Assert.Equal(100u, error.BalanceFen);
        Assert.IsAssignableFrom<CardException>(error);
        Assert.Equal(100u, rig.CardPurse.BalanceFen);
        Assert.DoesNotContain(rig.CardChannel.Sent, c => c.Ins == InsDebit);
        Assert.Equal(0, ((InMemoryPendingPurchaseStore)rig.Store).Count);
    }

    [Fact]
    public async Task Card_without_a_purse_is_reported_as_such()
    {
        var rig = new PurseRig(SimCard.ThirdGen().WithoutPurse().Build(), SimCard.Psam().Build());

        await Assert.ThrowsAsync<PurseNotAvailableException>(() => rig.Purse.GetBalanceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PSAM_with_another_purchase_key_is_refused_by_the_card_and_nothing_is_debited()
    {
        var rig = new PurseRig(SimCard.ThirdGen().Build(),
            SimCard.Psam().WithTransitPurchaseKey(Convert.FromHexString("00112233445566778899AABBCCDDEEFF")).Build());

        var error = await Assert.ThrowsAsync<PurseMacException>(() => rig.BuyAsync(200));

        Assert.False(error.DebitMayHaveHappened);
        Assert.Equal(5000u, rig.CardPurse.BalanceFen);
        Assert.Equal(0, ((InMemoryPendingPurchaseStore)rig.Store).Count);
    }

    [Fact]
    public async Task Tampered_MAC2_is_refused_by_the_PSAM_and_the_next_tap_recovers_without_charging_again()
    {
        var rig = Rig();
        rig.CardChannel.Alter = (command, response) =>
        {
            if (command.Ins != InsDebit)
            {
                return response;
            }
            var data = response.Data.ToArray();
            data[^1] ^= 0x01;
            return response with { Data = data };
        };

        var error = await Assert.ThrowsAsync<PurseMacException>(() => rig.BuyAsync(200));
        Assert.True(error.DebitMayHaveHappened);
        Assert.Equal(4800u, rig.CardPurse.BalanceFen);

        rig.CardChannel.Alter = null;
        var recovered = await rig.BuyAsync(200);

        Assert.True(recovered.Recovered);
        Assert.Equal(4800u, recovered.BalanceFen);
        Assert.Equal(rig.CentreTac(recovered), recovered.Tac.ToArray());
        Assert.Equal(4800u, rig.CardPurse.BalanceFen);
    }

    [Fact]
    public async Task Tear_before_DEBIT_is_processed_leaves_the_purse_untouched_and_the_next_tap_charges_once()
    {
        var rig = Rig();
        rig.CardChannel.BeforeSend = command =>
        {
            if (command.Ins == InsDebit)
            {
                rig.Card.Faults.RemoveOnNextCommand = true;
            }
        };

        await Assert.ThrowsAsync<CardRemovedException>(() => rig.BuyAsync(200));
        Assert.Equal(5000u, rig.CardPurse.BalanceFen);
        Assert.NotNull(await rig.Store.FindAsync("9900010000000001", CancellationToken.None));

        rig.CardChannel.BeforeSend = null;
        rig.Retap();
        var result = await rig.BuyAsync(200);

        Assert.False(result.Recovered);
        Assert.Equal(4800u, result.BalanceFen);
        Assert.Equal((ushort)1, result.OfflineCounter);
        Assert.Equal(4800u, rig.CardPurse.BalanceFen);
        Assert.Null(await rig.Store.FindAsync(result.ApplicationSerial, CancellationToken.None));
    }

    [Fact]
    public async Task Tear_after_DEBIT_is_processed_is_recovered_on_the_next_tap_and_never_charged_twice()
    {
        var rig = Rig();
        rig.Card.Faults.RemoveAfterProcessing(InsDebit);

        await Assert.ThrowsAsync<CardRemovedException>(() => rig.BuyAsync(200));
        Assert.Equal(4800u, rig.CardPurse.BalanceFen);

        rig.Retap();
        var recovered = await rig.BuyAsync(200);

        Assert.True(recovered.Recovered);
        Assert.Equal(200u, recovered.AmountFen);
        Assert.Equal(4800u, recovered.BalanceFen);
        Assert.Equal((ushort)1, recovered.OfflineCounter);
        Assert.Equal(rig.CentreTac(recovered), recovered.Tac.ToArray());
        Assert.Equal(4800u, rig.CardPurse.BalanceFen);
        Assert.Equal(1, rig.CardChannel.Sent.Count(c => c.Ins == InsDebit));

        var next = await rig.BuyAsync(200);

        Assert.False(next.Recovered);
        Assert.Equal(4600u, rig.CardPurse.BalanceFen);
    }

    [Fact]
    public async Task Interrupted_purchase_whose_proof_the_card_overwrote_elsewhere_is_not_charged_again()
    {
        var card = SimCard.ThirdGen().Build();
        var here = new PurseRig(card, SimCard.Psam().Build());
        card.Faults.RemoveAfterProcessing(InsDebit);
        await Assert.ThrowsAsync<CardRemovedException>(() => here.BuyAsync(200));

        var elsewhere = new PurseRig(card, SimCard.Psam().WithTerminalNumber("999900000002").Build());
        await elsewhere.BuyAsync(300);
        Assert.Equal(4500u, card.Purse!.BalanceFen);

        here.Retap();
        var error = await Assert.ThrowsAsync<PurchaseRecoveryException>(() => here.BuyAsync(200));

        Assert.Equal((ushort)0, error.Pending.OfflineCounter);
        Assert.Equal(4500u, card.Purse.BalanceFen);
        Assert.NotNull(await here.Store.FindAsync("9900010000000001", CancellationToken.None));
    }

    [Fact]
    public async Task Retapping_after_every_kind_of_tear_debits_each_purchase_exactly_once()
    {
        var rig = Rig(balanceFen: 10_000);
        var charged = new Dictionary<ushort, uint>();
        foreach (var tear in new[] { "none", "after", "before", "after", "after", "none", "before" })
        {
            switch (tear)
            {
                case "after":
                    rig.Card.Faults.RemoveAfterProcessing(InsDebit);
                    break;
                case "before":
                    rig.CardChannel.BeforeSend = command => rig.Card.Faults.RemoveOnNextCommand = command.Ins == InsDebit;
                    break;
            }
            try
            {
                var result = await rig.BuyAsync(100);
                charged[result.OfflineCounter] = result.AmountFen;
            }
            catch (CardRemovedException)
            {
                rig.CardChannel.BeforeSend = null;
                rig.Retap();
                var result = await rig.BuyAsync(100);
                Assert.Equal(tear == "after", result.Recovered);
                Assert.False(charged.ContainsKey(result.OfflineCounter));
                charged[result.OfflineCounter] = result.AmountFen;
            }
        }

        Assert.Equal(7, charged.Count);
        Assert.Equal(10_000u - charged.Values.Aggregate(0u, (sum, fen) => sum + fen), rig.CardPurse.BalanceFen);
        Assert.Equal((ushort)7, rig.CardPurse.OfflineCounter);
    }

    [Fact]
    public async Task Shipped_third_gen_profile_carries_a_purse_of_fifty_yuan()
    {
        var card = (SimulatedSocialSecurityCard)CardProfiles.Load("third-gen");
        var rig = new PurseRig(card, (CardBridge.Simulation.Psam.SimulatedPsam)CardProfiles.Load("psam"));

        Assert.Equal(5000u, await rig.Purse.GetBalanceAsync(CancellationToken.None));
        var result = await rig.BuyAsync(250);
        Assert.Equal(4750u, result.BalanceFen);
        Assert.Equal(rig.CentreTac(result), result.Tac.ToArray());
    }

    [Fact]
    public void Results_do_not_print_the_application_serial()
    {
        var result = new PurchaseResult("9900010000000001", 200, 4800, 1, new byte[6], 1, PurseRig.Time, new byte[4], false);

        Assert.DoesNotContain("9900010000000001", result.ToString(), StringComparison.Ordinal);
        Assert.Contains("AmountFen = 200", result.ToString(), StringComparison.Ordinal);
    }
}
