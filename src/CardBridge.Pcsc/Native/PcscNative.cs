namespace CardBridge.Pcsc.Native;

/// <summary>Picks the platform binding once per process.</summary>
internal static class PcscNative
{
    private static readonly Lazy<IPcscNative> Instance = new(Create);

    /// <summary>The binding for the running operating system.</summary>
    public static IPcscNative Current => Instance.Value;

    /// <summary>The platform the running operating system maps to.</summary>
    public static PcscPlatform CurrentPlatform =>
        OperatingSystem.IsWindows() ? PcscPlatform.WinScard
        : OperatingSystem.IsMacOS() ? PcscPlatform.MacOs
        : PcscPlatform.PcscLite;

    /// <summary>
    /// PC/SC part 10 control codes: pcsc-lite and macOS use SCARD_CTL_CODE(f) = 0x42000000 + f; Windows
    /// uses CTL_CODE(FILE_DEVICE_SMARTCARD = 0x31, f, METHOD_BUFFERED, FILE_ANY_ACCESS) = 0x310000 | f &lt;&lt; 2.
    /// </summary>
    public static uint ControlCode(PcscPlatform platform, int function) => platform switch
    {
        PcscPlatform.WinScard => 0x00310000u | ((uint)function << 2),
        _ => 0x42000000u + (uint)function,
    };

    private static IPcscNative Create() => CurrentPlatform switch
    {
        PcscPlatform.WinScard => new WinScardNative(),
        PcscPlatform.MacOs => new MacPcscNative(),
        _ => new PcscLiteNative(),
    };
}
