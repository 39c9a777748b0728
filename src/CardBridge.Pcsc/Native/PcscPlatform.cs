namespace CardBridge.Pcsc.Native;

/// <summary>The three PC/SC implementations CardBridge binds to.</summary>
internal enum PcscPlatform
{
    /// <summary>pcsc-lite (libpcsclite.so.1): native-width DWORD/LONG, 33-byte ATR, UTF-8 names.</summary>
    PcscLite,

    /// <summary>Windows winscard.dll: 32-bit DWORD/LONG, 36-byte ATR, UTF-16 (W) names.</summary>
    WinScard,

    /// <summary>macOS PCSC.framework: 32-bit DWORD/LONG, packed structs, 33-byte ATR, UTF-8 names.</summary>
    MacOs,
}
