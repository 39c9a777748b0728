namespace CardBridge.Service.Standard;

/// <summary>The standard reader-terminal interface's own settings (section <c>StandardInterface</c>).</summary>
internal sealed class StandardInterfaceOptions
{
    public const string Section = "StandardInterface";

    /// <summary>The longest device number the standard's field takes here.</summary>
    public const int MaxDeviceNumberLength = 32;

    /// <summary>The terminal's device number (终端设备号), the last field of iReadCardBas and iGetReaderInfo's reader number; empty when unset.</summary>
    public string DeviceNumber { get; set; } = "";
}
