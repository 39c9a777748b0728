namespace CardBridge.Pcsc;

/// <summary>
/// PC/SC return codes with their numeric values (pcsc-lite pcsclite.h and the winscard documentation;
/// the F_ codes are failures of the resource manager, the W_ codes warnings about the card).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1028:Enum Storage should be Int32", Justification = "PC/SC codes are 32-bit unsigned values such as 0x80100069.")]
public enum PcscErrorCode : uint
{
    /// <summary>SCARD_S_SUCCESS: No error.</summary>
    Success = 0x00000000,

    /// <summary>SCARD_F_INTERNAL_ERROR: An internal consistency check failed.</summary>
    InternalError = 0x80100001,

    /// <summary>SCARD_E_CANCELLED: The action was cancelled by an SCardCancel request.</summary>
    Cancelled = 0x80100002,

    /// <summary>SCARD_E_INVALID_HANDLE: The supplied handle was invalid (on Linux also what a context from before a pcscd restart returns).</summary>
    InvalidHandle = 0x80100003,

    /// <summary>SCARD_E_INVALID_PARAMETER: One or more of the supplied parameters could not be properly interpreted.</summary>
    InvalidParameter = 0x80100004,

    /// <summary>SCARD_E_INVALID_TARGET: Registry startup information is missing or invalid.</summary>
    InvalidTarget = 0x80100005,

    /// <summary>SCARD_E_NO_MEMORY: Not enough memory available to complete this command.</summary>
    NoMemory = 0x80100006,

    /// <summary>SCARD_F_WAITED_TOO_LONG: An internal consistency timer has expired.</summary>
    WaitedTooLong = 0x80100007,

    /// <summary>SCARD_E_INSUFFICIENT_BUFFER: The data buffer to receive returned data is too small.</summary>
    InsufficientBuffer = 0x80100008,

    /// <summary>SCARD_E_UNKNOWN_READER: The specified reader name is not recognized.</summary>
    UnknownReader = 0x80100009,

    /// <summary>SCARD_E_TIMEOUT: The user-specified timeout value has expired.</summary>
    Timeout = 0x8010000A,

    /// <summary>SCARD_E_SHARING_VIOLATION: The smart card cannot be accessed because of other connections outstanding.</summary>
    SharingViolation = 0x8010000B,

    /// <summary>SCARD_E_NO_SMARTCARD: The operation requires a smart card, but no smart card is currently in the device.</summary>
    NoSmartcard = 0x8010000C,

    /// <summary>SCARD_E_UNKNOWN_CARD: The specified smart card name is not recognized.</summary>
    UnknownCard = 0x8010000D,

    /// <summary>SCARD_E_CANT_DISPOSE: The system could not dispose of the media in the requested manner.</summary>
    CantDispose = 0x8010000E,

    /// <summary>SCARD_E_PROTO_MISMATCH: The requested protocols are incompatible with the protocol currently in use with the smart card.</summary>
    ProtocolMismatch = 0x8010000F,

    /// <summary>SCARD_E_NOT_READY: The reader or smart card is not ready to accept commands.</summary>
    NotReady = 0x80100010,

    /// <summary>SCARD_E_INVALID_VALUE: One or more of the supplied parameters values could not be properly interpreted.</summary>
    InvalidValue = 0x80100011,

    /// <summary>SCARD_E_SYSTEM_CANCELLED: The action was cancelled by the system, presumably to log off or shut down.</summary>
    SystemCancelled = 0x80100012,

    /// <summary>SCARD_F_COMM_ERROR: An internal communications error has been detected (the service went away).</summary>
    CommError = 0x80100013,

    /// <summary>SCARD_F_UNKNOWN_ERROR: An internal error has been detected, but the source is unknown.</summary>
    UnknownError = 0x80100014,

    /// <summary>SCARD_E_INVALID_ATR: An ATR obtained from the registry is not a valid ATR string.</summary>
    InvalidAtr = 0x80100015,

    /// <summary>SCARD_E_NOT_TRANSACTED: An attempt was made to end a non-existent transaction (also seen on transmit to a card being pulled).</summary>
    NotTransacted = 0x80100016,

    /// <summary>SCARD_E_READER_UNAVAILABLE: The specified reader is not currently available for use.</summary>
    ReaderUnavailable = 0x80100017,

    /// <summary>SCARD_P_SHUTDOWN: The operation has been aborted to allow the server application to exit.</summary>
    Shutdown = 0x80100018,

    /// <summary>SCARD_E_PCI_TOO_SMALL: The PCI receive buffer was too small.</summary>
    PciTooSmall = 0x80100019,

    /// <summary>SCARD_E_READER_UNSUPPORTED: The reader driver does not meet minimal requirements for support.</summary>
    ReaderUnsupported = 0x8010001A,

    /// <summary>SCARD_E_DUPLICATE_READER: The reader driver did not produce a unique reader name.</summary>
    DuplicateReader = 0x8010001B,

    /// <summary>SCARD_E_CARD_UNSUPPORTED: The smart card does not meet minimal requirements for support.</summary>
    CardUnsupported = 0x8010001C,

    /// <summary>SCARD_E_NO_SERVICE: The smart card resource manager is not running.</summary>
    NoService = 0x8010001D,

    /// <summary>SCARD_E_SERVICE_STOPPED: The smart card resource manager has shut down.</summary>
    ServiceStopped = 0x8010001E,

    /// <summary>SCARD_E_UNEXPECTED: An unexpected card error has occurred (pcsc-lite also returns this value as SCARD_E_UNSUPPORTED_FEATURE).</summary>
    Unexpected = 0x8010001F,

    /// <summary>SCARD_E_ICC_INSTALLATION: No primary provider can be found for the smart card.</summary>
    IccInstallation = 0x80100020,

    /// <summary>SCARD_E_ICC_CREATEORDER: The requested order of object creation is not supported.</summary>
    IccCreateOrder = 0x80100021,

    /// <summary>SCARD_E_UNSUPPORTED_FEATURE: This smart card does not support the requested feature.</summary>
    UnsupportedFeature = 0x80100022,

    /// <summary>SCARD_E_DIR_NOT_FOUND: The identified directory does not exist in the smart card.</summary>
    DirectoryNotFound = 0x80100023,

    /// <summary>SCARD_E_FILE_NOT_FOUND: The identified file does not exist in the smart card.</summary>
    FileNotFound = 0x80100024,

    /// <summary>SCARD_E_NO_DIR: The supplied path does not represent a smart card directory.</summary>
    NoDirectory = 0x80100025,

    /// <summary>SCARD_E_NO_FILE: The supplied path does not represent a smart card file.</summary>
    NoFile = 0x80100026,

    /// <summary>SCARD_E_NO_ACCESS: Access is denied to this file.</summary>
    NoAccess = 0x80100027,

    /// <summary>SCARD_E_WRITE_TOO_MANY: The smart card does not have enough memory to store the information.</summary>
    WriteTooMany = 0x80100028,

    /// <summary>SCARD_E_BAD_SEEK: There was an error trying to set the smart card file object pointer.</summary>
    BadSeek = 0x80100029,

    /// <summary>SCARD_E_INVALID_CHV: The supplied PIN is incorrect.</summary>
    InvalidChv = 0x8010002A,

    /// <summary>SCARD_E_UNKNOWN_RES_MNG: An unrecognized error code was returned from a layered component.</summary>
    UnknownResourceManager = 0x8010002B,

    /// <summary>SCARD_E_NO_SUCH_CERTIFICATE: The requested certificate does not exist.</summary>
    NoSuchCertificate = 0x8010002C,

    /// <summary>SCARD_E_CERTIFICATE_UNAVAILABLE: The requested certificate could not be obtained.</summary>
    CertificateUnavailable = 0x8010002D,

    /// <summary>SCARD_E_NO_READERS_AVAILABLE: Cannot find a smart card reader.</summary>
    NoReadersAvailable = 0x8010002E,

    /// <summary>SCARD_E_COMM_DATA_LOST: A communications error with the smart card has been detected.</summary>
    CommDataLost = 0x8010002F,

    /// <summary>SCARD_E_NO_KEY_CONTAINER: The requested key container does not exist on the smart card.</summary>
    NoKeyContainer = 0x80100030,

    /// <summary>SCARD_E_SERVER_TOO_BUSY: The smart card resource manager is too busy to complete this operation.</summary>
    ServerTooBusy = 0x80100031,

    /// <summary>SCARD_E_PIN_CACHE_EXPIRED: The smart card PIN cache has expired (Windows).</summary>
    PinCacheExpired = 0x80100032,

    /// <summary>SCARD_E_NO_PIN_CACHE: The smart card PIN cannot be cached (Windows).</summary>
    NoPinCache = 0x80100033,

    /// <summary>SCARD_E_READ_ONLY_CARD: The smart card is read-only and cannot be written to (Windows).</summary>
    ReadOnlyCard = 0x80100034,

    /// <summary>SCARD_W_UNSUPPORTED_CARD: The reader cannot communicate with the card, due to ATR string configuration conflicts.</summary>
    UnsupportedCard = 0x80100065,

    /// <summary>SCARD_W_UNRESPONSIVE_CARD: The smart card is not responding to a reset.</summary>
    UnresponsiveCard = 0x80100066,

    /// <summary>SCARD_W_UNPOWERED_CARD: Power has been removed from the smart card, so that further communication is not possible.</summary>
    UnpoweredCard = 0x80100067,

    /// <summary>SCARD_W_RESET_CARD: The smart card has been reset, so any shared state information is invalid.</summary>
    ResetCard = 0x80100068,

    /// <summary>SCARD_W_REMOVED_CARD: The smart card has been removed, so further communication is not possible.</summary>
    RemovedCard = 0x80100069,

    /// <summary>SCARD_W_SECURITY_VIOLATION: Access was denied because of a security violation.</summary>
    SecurityViolation = 0x8010006A,

    /// <summary>SCARD_W_WRONG_CHV: The card cannot be accessed because the wrong PIN was presented.</summary>
    WrongChv = 0x8010006B,

    /// <summary>SCARD_W_CHV_BLOCKED: The card cannot be accessed because the maximum number of PIN entry attempts has been reached.</summary>
    ChvBlocked = 0x8010006C,

    /// <summary>SCARD_W_EOF: The end of the smart card file has been reached.</summary>
    EndOfFile = 0x8010006D,

    /// <summary>SCARD_W_CANCELLED_BY_USER: The user pressed "Cancel" on a Smart Card Selection Dialog.</summary>
    CancelledByUser = 0x8010006E,

    /// <summary>SCARD_W_CARD_NOT_AUTHENTICATED: No PIN was presented to the smart card.</summary>
    CardNotAuthenticated = 0x8010006F,

    /// <summary>SCARD_W_CACHE_ITEM_NOT_FOUND: The requested item could not be found in the cache (Windows).</summary>
    CacheItemNotFound = 0x80100070,

    /// <summary>SCARD_W_CACHE_ITEM_STALE: The requested cache item is too old and was deleted from the cache (Windows).</summary>
    CacheItemStale = 0x80100071,

    /// <summary>SCARD_W_CACHE_ITEM_TOO_BIG: The new cache item exceeds the maximum per-item size defined for the cache (Windows).</summary>
    CacheItemTooBig = 0x80100072,
}
