using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Transit.Eligibility;
using CardBridge.Transit.Gate;

namespace CardBridge.Transit.Tests.Gate;

/// <summary>The shipped rider profiles (hardware-sim/profiles/transit) get the decision their description promises.</summary>
public sealed class RiderProfileTests
{
    // 2026-12-01 00:30 Beijing: the elderly profile's 65th birthday.
    private static readonly DateTimeOffset Birthday = new(2026, 11, 30, 16, 30, 0, TimeSpan.Zero);

    private static SimulatedSocialSecurityCard Load(string name) => Assert.IsType<SimulatedSocialSecurityCard>(
        CardProfiles.Load(Path.Combine(AppContext.BaseDirectory, "profiles", "transit", name + ".json")));

    [Theory]
    [InlineData("elderly", true, null, FreeRideReason.Age)]
    [InlineData("disabled", true, null, FreeRideReason.Category)]
    [InlineData("veteran", true, null, FreeRideReason.Category)]
    [InlineData("ordinary", true, null, null)]
    [InlineData("poor", false, RefusalReason.InsufficientBalance, null)]
    [InlineData("hotlisted", false, RefusalReason.HotListed, null)]
    public async Task Each_rider_profile_gets_its_decision_on_the_elderly_riders_birthday(
        string profile, bool allowed, RefusalReason? refusal, FreeRideReason? free)
    {
        await using var rig = await GateRig.StartAsync();
        rig.Time.Set(Birthday);

        var decision = await rig.TapAsync(Load(profile));

        if (allowed)
        {
            Assert.Equal(free, Assert.IsType<AllowedRide>(decision).FreeReason);
        }
        else
        {
            Assert.Equal(refusal, Assert.IsType<RefusedRide>(decision).Reason);
        }
    }

    [Fact]
    public async Task The_elderly_profile_pays_one_minute_before_its_birthday_in_Beijing()
    {
        await using var rig = await GateRig.StartAsync();
        rig.Time.Set(Birthday - TimeSpan.FromMinutes(31));

        var decision = await rig.TapAsync(Load("elderly"));

        Assert.Equal(RefusalReason.InsufficientBalance, Assert.IsType<RefusedRide>(decision).Reason);
    }
}
