namespace CardBridge.Qr.Sources;

/// <summary>
/// Whether a device path still names the device that was opened: it must exist and resolve (through symlinks such
/// as <c>/dev/serial/by-id/…</c> or socat's <c>link=</c>) to the same node. Non-path port names (Windows COM ports)
/// are always present.
/// </summary>
internal sealed class DevicePresence
{
    private readonly string _path;
    private readonly string? _target;

    private DevicePresence(string path, string? target, TimeSpan interval)
    {
        _path = path;
        _target = target;
        Interval = interval;
    }

    public TimeSpan Interval { get; }

    public static DevicePresence? Capture(string path, TimeSpan interval) =>
        Path.IsPathFullyQualified(path) && !OperatingSystem.IsWindows() ? new DevicePresence(path, Resolve(path), interval) : null;

    public bool IsPresent()
    {
        var now = Resolve(_path);
        return now is not null && string.Equals(now, _target, StringComparison.Ordinal);
    }

    private static string? Resolve(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
            return File.Exists(target) ? target : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
