using System.Diagnostics;
using CardBridge.Api.V1;
using CardBridge.Service.Simulation;
using CardBridge.Simulation.Hsm;
using CardBridge.Simulation.Profiles;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Api;

/// <summary>
/// The key authority fallback (DESIGN §8) in simulator mode: the PSAM first, the simulated HSM platform (in process,
/// over loopback HTTP, through the service's own adapter) when there is no PSAM or it cannot serve the card.
/// </summary>
public sealed class HsmOverGrpcTests
{
    private static readonly CallOptions Local = ServiceRig.WithKey(null);

    [Fact]
    public async Task A_terminal_without_a_PSAM_reads_a_3_00_cards_holder_through_the_HSM_platform()
    {
        await using var rig = await ServiceRig.StartAsync(("Simulation:Psam", "false"), ("Simulation:Hsm", "true"));
        var session = await rig.InitialSessionAsync();

        var identity = await ReadAsync(rig, session);

        Assert.Equal("测试甲", identity.Holder.Name);
        Assert.Equal(Genuineness.Verified, identity.Genuineness);
        Assert.Equal(KeyAuthority.Hsm, identity.VerifiedBy);
        Assert.Equal(HolderUnavailable.Unspecified, identity.HolderUnavailable);
        Assert.Equal("", identity.HolderUnavailableDetail);
        Assert.Equal(1, Platform(rig).Requests);
    }

    [Fact]
    public async Task A_PSAM_that_serves_the_card_checks_it_and_the_HSM_is_not_asked()
    {
        await using var rig = await ServiceRig.StartAsync(("Simulation:Hsm", "true"));

        var identity = await ReadAsync(rig, await rig.InitialSessionAsync());

        Assert.Equal(KeyAuthority.Psam, identity.VerifiedBy);
        Assert.Equal(0, Platform(rig).Requests);
    }

    [Fact]
    public async Task A_PSAM_without_the_SM4_environment_and_RKSSSE_falls_back_to_the_HSM()
    {
        await using var rig = await ServiceRig.StartAsync(("Simulation:PsamProfile", "psam-no-rkssse"), ("Simulation:Hsm", "true"));

        var identity = await ReadAsync(rig, await rig.InitialSessionAsync());

        Assert.Equal("测试甲", identity.Holder.Name);
        Assert.Equal(KeyAuthority.Hsm, identity.VerifiedBy);
    }

    [Fact]
    public async Task A_forged_card_fails_the_check_through_the_HSM()
    {
        await using var rig = await ServiceRig.StartAsync(("Simulation:Psam", "false"), ("Simulation:Hsm", "true"));
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().Forged().Build());

        var error = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(rig, session));

        RigCards.AssertError(error, StatusCode.FailedPrecondition, "CARD_NOT_GENUINE");
    }

    [Fact]
    public async Task A_card_read_while_the_HSM_is_down_has_no_holder_and_says_why_and_a_later_card_reads_once_it_is_back()
    {
        await using var rig = await ServiceRig.StartAsync(("Simulation:Psam", "false"), ("Simulation:Hsm", "true"));
        await rig.InitialSessionAsync();
        Platform(rig).InjectFault(HsmPlatformFault.Down);

        var down = await ReadAsync(rig, await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().Build()));

        Assert.Null(down.Holder);
        Assert.Equal(HolderUnavailable.AuthenticationFailed, down.HolderUnavailable);
        Assert.Contains("HSM platform could not be reached", down.HolderUnavailableDetail, StringComparison.Ordinal);
        Assert.Equal(Genuineness.NotChecked, down.Genuineness);
        Assert.Equal(KeyAuthority.Unspecified, down.VerifiedBy);
        Assert.Equal("SIM000001", down.Card.CardNumber);

        Platform(rig).ClearFaults();
        var back = await ReadAsync(rig, await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.ThirdGen().Build()));
        Assert.Equal("测试甲", back.Holder.Name);
        Assert.Equal(KeyAuthority.Hsm, back.VerifiedBy);
    }

    [Fact]
    public async Task A_slow_HSM_holds_up_only_the_reader_whose_card_waits_for_it()
    {
        await using var rig = await ServiceRig.StartAsync(("Simulation:Psam", "false"), ("Simulation:Hsm", "true"),
            ("Hsm:CallTimeout", "00:00:03"), ("Hsm:MaxRetries", "0"));
        await rig.InitialSessionAsync();
        await rig.TakeCardAsync(ServiceRig.Reader0);
        Platform(rig).InjectFault(HsmPlatformFault.Slow, TimeSpan.FromSeconds(10));

        rig.Bank.Insert(ServiceRig.Reader0, SimCard.ThirdGen().Build());
        var clock = Stopwatch.StartNew();
        var other = await rig.PutCardAsync(ServiceRig.Reader1, SimCard.SecondGen().Build());
        var otherReady = clock.Elapsed;
        var waiting = await rig.SessionInAsync(ServiceRig.Reader0);
        var waited = clock.Elapsed;

        Assert.True(otherReady < TimeSpan.FromSeconds(2), $"the second-generation card took {otherReady} while the HSM was slow");
        Assert.True(waited >= TimeSpan.FromSeconds(2.5), $"the 3.00 card was ready after {waited}, before the HSM timed out");
        Assert.Equal("测试乙", (await ReadAsync(rig, other)).Holder.Name);
        var slow = await ReadAsync(rig, waiting);
        Assert.Equal(HolderUnavailable.AuthenticationFailed, slow.HolderUnavailable);
        Assert.Contains("within 3000 ms", slow.HolderUnavailableDetail, StringComparison.Ordinal);
    }

    private static SimulatedHsmPlatform Platform(ServiceRig rig) =>
        rig.Services.GetRequiredService<SimulatedPlatforms>().HsmPlatform ?? throw new InvalidOperationException("no simulated HSM platform");

    private static async Task<CardIdentity> ReadAsync(ServiceRig rig, string session) =>
        (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { SessionId = session } }, Local)).Identity;
}
