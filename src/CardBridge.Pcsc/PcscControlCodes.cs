using CardBridge.Pcsc.Native;

namespace CardBridge.Pcsc;

/// <summary>Reader control codes for <see cref="PcscCard.Control"/> on the running platform.</summary>
public static class PcscControlCodes
{
    /// <summary>PC/SC part 10 function number of CM_IOCTL_GET_FEATURE_REQUEST.</summary>
    public const int GetFeatureRequestFunction = 3400;

    /// <summary>
    /// SCARD_CTL_CODE(function): 0x42000000 + function on pcsc-lite and macOS; CTL_CODE(FILE_DEVICE_SMARTCARD,
    /// function, METHOD_BUFFERED, FILE_ANY_ACCESS) = 0x310000 | function &lt;&lt; 2 on Windows.
    /// </summary>
    public static uint ForFunction(int function)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(function);
        return PcscNative.ControlCode(PcscNative.CurrentPlatform, function);
    }

    /// <summary>CM_IOCTL_GET_FEATURE_REQUEST (PC/SC part 10): 0x42000D48 on pcsc-lite, 0x313520 on Windows.</summary>
    public static uint GetFeatureRequest => ForFunction(GetFeatureRequestFunction);
}
