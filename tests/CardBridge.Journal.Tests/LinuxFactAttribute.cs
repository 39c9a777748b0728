namespace CardBridge.Journal.Tests;

/// <summary>A fact about Linux file-system behaviour (file modes, <c>chattr</c>); skipped elsewhere.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux";
        }
    }
}
