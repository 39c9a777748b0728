using System.ComponentModel.DataAnnotations;
using CardBridge.Qr.Replay;
using CardBridge.Qr.Transit;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.Qr.Tests.Transit;

public sealed class TransitQrOptionsTests
{
    private static bool IsValid(object options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

    [Fact]
    public void Options_without_a_root_key_fail_validation()
    {
        Assert.False(IsValid(new TransitQrOptions()));
    }

    [Fact]
    public void Options_with_a_root_key_and_default_tolerance_pass_validation()
    {
        Assert.True(IsValid(new TransitQrOptions { RootPublicKeys = new Dictionary<byte, string>(SimTransitQrKeys.Default.TrustedRootPublicKeys) }));
    }

    [Fact]
    public void Tolerance_above_ten_minutes_fails_validation()
    {
        var options = new TransitQrOptions
        {
            RootPublicKeys = new Dictionary<byte, string>(SimTransitQrKeys.Default.TrustedRootPublicKeys),
            ClockSkewTolerance = TimeSpan.FromMinutes(11),
        };

        Assert.False(IsValid(options));
    }

    [Fact]
    public void Replay_options_need_a_database_path()
    {
        Assert.False(IsValid(new QrReplayCacheOptions()));
        Assert.True(IsValid(new QrReplayCacheOptions { DatabasePath = "replay.db" }));
    }
}
