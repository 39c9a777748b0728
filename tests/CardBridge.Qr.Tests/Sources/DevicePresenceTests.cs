using CardBridge.Qr.Sources;

namespace CardBridge.Qr.Tests.Sources;

public sealed class DevicePresenceTests
{
    [Fact]
    public void A_link_that_now_points_at_another_device_or_nowhere_is_no_longer_present()
    {
        using var directory = new TestDirectory();
        var first = Path.Combine(directory.Path, "tty-first");
        var second = Path.Combine(directory.Path, "tty-second");
        var link = Path.Combine(directory.Path, "scanner");
        File.WriteAllText(first, "");
        File.WriteAllText(second, "");
        File.CreateSymbolicLink(link, first);
        var presence = DevicePresence.Capture(link, TimeSpan.FromSeconds(1))!;
        Assert.True(presence.IsPresent());

        File.Delete(link);
        File.CreateSymbolicLink(link, second);
        Assert.False(presence.IsPresent());

        File.Delete(link);
        File.CreateSymbolicLink(link, first);
        Assert.True(presence.IsPresent());

        File.Delete(first);
        Assert.False(presence.IsPresent());
    }

    [Fact]
    public void A_port_name_that_is_not_a_path_is_not_watched()
    {
        Assert.Null(DevicePresence.Capture("COM3", TimeSpan.FromSeconds(1)));
    }
}
