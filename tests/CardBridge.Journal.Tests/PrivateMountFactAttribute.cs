namespace CardBridge.Journal.Tests;

/// <summary>
/// A fact that needs root and <c>unshare</c> to mount a private tmpfs or a read-only bind mount in a mount
/// namespace of its own (nothing outside the test sees it); skipped where that is impossible.
/// </summary>
internal sealed class PrivateMountFactAttribute : FactAttribute
{
    public PrivateMountFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/chattr") || !File.Exists("/usr/bin/unshare"))
        {
            Skip = "needs root and unshare on Linux for a private mount";
        }
    }
}
