namespace CardBridge.Pcsc;

/// <summary>Scope of a resource manager context (SCARD_SCOPE_*).</summary>
public enum PcscScope
{
    /// <summary>SCARD_SCOPE_USER.</summary>
    User = 0,

    /// <summary>SCARD_SCOPE_TERMINAL.</summary>
    Terminal = 1,

    /// <summary>SCARD_SCOPE_SYSTEM: the usual choice.</summary>
    System = 2,
}

/// <summary>How a connection shares the card (SCARD_SHARE_*).</summary>
public enum PcscShareMode
{
    /// <summary>SCARD_SHARE_EXCLUSIVE: no other connection may use the card.</summary>
    Exclusive = 1,

    /// <summary>SCARD_SHARE_SHARED: other connections may use the card (use transactions).</summary>
    Shared = 2,

    /// <summary>SCARD_SHARE_DIRECT: talk to the reader, no card needed (control codes, attributes).</summary>
    Direct = 3,
}

/// <summary>Transmission protocols (SCARD_PROTOCOL_*, pcsc-lite values; translated on Windows).</summary>
[Flags]
public enum PcscProtocols
{
    /// <summary>SCARD_PROTOCOL_UNDEFINED: no protocol (direct connections).</summary>
    None = 0,

    /// <summary>SCARD_PROTOCOL_T0.</summary>
    T0 = 0x0001,

    /// <summary>SCARD_PROTOCOL_T1.</summary>
    T1 = 0x0002,

    /// <summary>SCARD_PROTOCOL_RAW.</summary>
    Raw = 0x0004,

    /// <summary>SCARD_PROTOCOL_T15.</summary>
    T15 = 0x0008,

    /// <summary>SCARD_PROTOCOL_ANY: T=0 or T=1.</summary>
    Any = T0 | T1,
}

/// <summary>What to do with the card on disconnect, end of transaction or reconnect (SCARD_*_CARD).</summary>
public enum PcscDisposition
{
    /// <summary>SCARD_LEAVE_CARD.</summary>
    Leave = 0,

    /// <summary>SCARD_RESET_CARD: warm reset.</summary>
    Reset = 1,

    /// <summary>SCARD_UNPOWER_CARD: power down (a cold reset on reconnect).</summary>
    Unpower = 2,

    /// <summary>SCARD_EJECT_CARD.</summary>
    Eject = 3,
}

/// <summary>Reader states of <c>SCardGetStatusChange</c> (SCARD_STATE_*), the lower 16 bits of dwEventState.</summary>
[Flags]
public enum PcscReaderStates
{
    /// <summary>SCARD_STATE_UNAWARE: the caller does not know the state; the call returns at once.</summary>
    Unaware = 0,

    /// <summary>SCARD_STATE_IGNORE.</summary>
    Ignore = 0x0001,

    /// <summary>SCARD_STATE_CHANGED: the state differs from the current state passed in.</summary>
    Changed = 0x0002,

    /// <summary>SCARD_STATE_UNKNOWN: the reader is not known (it went away).</summary>
    Unknown = 0x0004,

    /// <summary>SCARD_STATE_UNAVAILABLE.</summary>
    Unavailable = 0x0008,

    /// <summary>SCARD_STATE_EMPTY: no card.</summary>
    Empty = 0x0010,

    /// <summary>SCARD_STATE_PRESENT: a card is in the reader.</summary>
    Present = 0x0020,

    /// <summary>SCARD_STATE_ATRMATCH.</summary>
    AtrMatch = 0x0040,

    /// <summary>SCARD_STATE_EXCLUSIVE: another application holds the card exclusively.</summary>
    Exclusive = 0x0080,

    /// <summary>SCARD_STATE_INUSE: another application uses the card.</summary>
    InUse = 0x0100,

    /// <summary>SCARD_STATE_MUTE: the card does not answer its reset.</summary>
    Mute = 0x0200,

    /// <summary>SCARD_STATE_UNPOWERED.</summary>
    Unpowered = 0x0400,
}

/// <summary>Card state reported by <c>SCardStatus</c> (pcsc-lite's bits; Windows' enumeration is translated).</summary>
[Flags]
public enum PcscCardState
{
    /// <summary>No state reported.</summary>
    None = 0,

    /// <summary>SCARD_UNKNOWN.</summary>
    Unknown = 0x0001,

    /// <summary>SCARD_ABSENT.</summary>
    Absent = 0x0002,

    /// <summary>SCARD_PRESENT.</summary>
    Present = 0x0004,

    /// <summary>SCARD_SWALLOWED.</summary>
    Swallowed = 0x0008,

    /// <summary>SCARD_POWERED.</summary>
    Powered = 0x0010,

    /// <summary>SCARD_NEGOTIABLE.</summary>
    Negotiable = 0x0020,

    /// <summary>SCARD_SPECIFIC: a protocol is selected.</summary>
    Specific = 0x0040,
}

/// <summary>Common reader attributes for <see cref="PcscCard.GetAttribute"/> (SCARD_ATTR_*).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1028:Enum Storage should be Int32", Justification = "Attribute ids are DWORDs.")]
public enum PcscAttributeId : uint
{
    /// <summary>SCARD_ATTR_VENDOR_NAME.</summary>
    VendorName = 0x00010100,

    /// <summary>SCARD_ATTR_VENDOR_IFD_TYPE.</summary>
    VendorIfdType = 0x00010101,

    /// <summary>SCARD_ATTR_VENDOR_IFD_VERSION.</summary>
    VendorIfdVersion = 0x00010102,

    /// <summary>SCARD_ATTR_VENDOR_IFD_SERIAL_NO.</summary>
    VendorIfdSerialNumber = 0x00010103,

    /// <summary>SCARD_ATTR_CHANNEL_ID.</summary>
    ChannelId = 0x00020110,

    /// <summary>SCARD_ATTR_MAX_IFSD.</summary>
    MaxIfsd = 0x00030125,

    /// <summary>SCARD_ATTR_CURRENT_PROTOCOL_TYPE.</summary>
    CurrentProtocolType = 0x00080201,

    /// <summary>SCARD_ATTR_ICC_PRESENCE.</summary>
    IccPresence = 0x00090300,

    /// <summary>SCARD_ATTR_ICC_INTERFACE_STATUS.</summary>
    IccInterfaceStatus = 0x00090301,

    /// <summary>SCARD_ATTR_ATR_STRING: the card's ATR.</summary>
    AtrString = 0x00090303,

    /// <summary>SCARD_ATTR_DEVICE_FRIENDLY_NAME_A.</summary>
    DeviceFriendlyNameA = 0x7FFF0003,

    /// <summary>SCARD_ATTR_DEVICE_FRIENDLY_NAME_W.</summary>
    DeviceFriendlyNameW = 0x7FFF0005,
}
