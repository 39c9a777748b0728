using System.Runtime.InteropServices;

namespace CardBridge.Pcsc.Native;

/// <summary>
/// Windows winscard.dll. DWORD and LONG are 32-bit; SCARDCONTEXT and SCARDHANDLE are ULONG_PTR (pointer
/// sized). CardBridge binds the W (UTF-16) entry points so reader names round-trip without a code page.
/// Windows differs from pcsc-lite in two constants translated here: SCARD_PROTOCOL_RAW is 0x10000 (pcsc-lite
/// 4) and SCardStatus reports the card state as an enumeration (0…6), not as pcsc-lite's bit set.
/// </summary>
internal sealed unsafe partial class WinScardNative : IPcscNative
{
    private const string Library = "winscard.dll";
    private const int ReaderNameCapacity = 512;
    private const uint PcscLiteRaw = 0x0004;
    private const uint WindowsRaw = 0x00010000;

    public PcscPlatform Platform => PcscPlatform.WinScard;

    public uint EstablishContext(uint scope, out NativeContext context)
    {
        var rc = SCardEstablishContext(scope, 0, 0, out var handle);
        context = new NativeContext(handle);
        return (uint)rc;
    }

    public uint ReleaseContext(NativeContext context) => (uint)SCardReleaseContext(context.Value);

    public uint IsValidContext(NativeContext context) => (uint)SCardIsValidContext(context.Value);

    public uint ListReaders(NativeContext context, out string[] readers)
    {
        readers = [];
        while (true)
        {
            uint length = 0;
            var rc = (uint)SCardListReadersW(context.Value, null, null, &length);
            if (rc != 0)
            {
                return rc;
            }
            var buffer = new char[length];
            fixed (char* p = buffer)
            {
                rc = (uint)SCardListReadersW(context.Value, null, p, &length);
            }
            if (rc == (uint)PcscErrorCode.InsufficientBuffer)
            {
                continue; // a reader arrived between the two calls
            }
            if (rc == 0)
            {
                readers = MultiString.ParseUtf16(buffer.AsSpan(0, (int)Math.Min(length, (uint)buffer.Length)));
            }
            return rc;
        }
    }

    public uint GetStatusChange(NativeContext context, uint timeoutMilliseconds, IReadOnlyList<PcscReaderState> states)
    {
        var native = new ReaderState[states.Count];
        try
        {
            for (var i = 0; i < native.Length; i++)
            {
                native[i].Reader = Marshal.StringToCoTaskMemUni(states[i].Reader);
                native[i].CurrentState = states[i].RawCurrentState;
            }
            uint rc;
            fixed (ReaderState* p = native)
            {
                rc = (uint)SCardGetStatusChangeW(context.Value, timeoutMilliseconds, p, (uint)native.Length);
            }
            if (rc == 0)
            {
                for (var i = 0; i < native.Length; i++)
                {
                    var atrLength = (int)Math.Min(native[i].AtrLength, (uint)ReaderState.AtrCapacity);
                    fixed (byte* atr = native[i].Atr)
                    {
                        states[i].SetEvent(native[i].EventState, new ReadOnlySpan<byte>(atr, atrLength));
                    }
                }
            }
            return rc;
        }
        finally
        {
            foreach (var state in native)
            {
                Marshal.FreeCoTaskMem(state.Reader);
            }
        }
    }

    public uint Cancel(NativeContext context) => (uint)SCardCancel(context.Value);

    public uint Connect(NativeContext context, string reader, uint shareMode, uint preferredProtocols, out NativeCard card, out uint activeProtocol)
    {
        var rc = SCardConnectW(context.Value, reader, shareMode, ToWindows(preferredProtocols), out var handle, out var protocol);
        card = new NativeCard(handle);
        activeProtocol = FromWindows(protocol);
        return (uint)rc;
    }

    public uint Reconnect(NativeCard card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol)
    {
        var rc = SCardReconnect(card.Value, shareMode, ToWindows(preferredProtocols), initialization, out var protocol);
        activeProtocol = FromWindows(protocol);
        return (uint)rc;
    }

    public uint Disconnect(NativeCard card, uint disposition) => (uint)SCardDisconnect(card.Value, disposition);

    public uint BeginTransaction(NativeCard card) => (uint)SCardBeginTransaction(card.Value);

    public uint EndTransaction(NativeCard card, uint disposition) => (uint)SCardEndTransaction(card.Value, disposition);

    public uint Transmit(NativeCard card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received)
    {
        var pci = new IoRequest { Protocol = ToWindows(protocol), PciLength = (uint)sizeof(IoRequest) };
        var length = (uint)response.Length;
        uint rc;
        fixed (byte* send = command)
        fixed (byte* receive = response)
        {
            rc = (uint)SCardTransmit(card.Value, &pci, send, (uint)command.Length, null, receive, &length);
        }
        received = rc == 0 ? (int)length : 0;
        return rc;
    }

    public uint Control(NativeCard card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received)
    {
        uint length = 0;
        uint rc;
        fixed (byte* send = input)
        fixed (byte* receive = output)
        {
            rc = (uint)SCardControl(card.Value, controlCode, send, (uint)input.Length, receive, (uint)output.Length, &length);
        }
        received = rc == 0 ? (int)length : 0;
        return rc;
    }

    public uint GetAttrib(NativeCard card, uint attributeId, Span<byte> buffer, out int length)
    {
        var size = (uint)buffer.Length;
        uint rc;
        fixed (byte* p = buffer)
        {
            rc = (uint)SCardGetAttrib(card.Value, attributeId, buffer.IsEmpty ? null : p, &size);
        }
        length = (int)size;
        return rc;
    }

    public uint Status(NativeCard card, out string reader, out uint state, out uint protocol, out byte[] atr)
    {
        var name = stackalloc char[ReaderNameCapacity];
        var atrBuffer = stackalloc byte[ReaderState.AtrCapacity];
        uint nameLength = ReaderNameCapacity;
        uint atrLength = ReaderState.AtrCapacity;
        uint nativeState;
        uint nativeProtocol;
        var rc = (uint)SCardStatusW(card.Value, name, &nameLength, &nativeState, &nativeProtocol, atrBuffer, &atrLength);
        if (rc != 0)
        {
            (reader, state, protocol, atr) = (string.Empty, 0, 0, []);
            return rc;
        }
        var names = MultiString.ParseUtf16(new ReadOnlySpan<char>(name, (int)Math.Min(nameLength, ReaderNameCapacity)));
        reader = names.Length > 0 ? names[0] : string.Empty;
        state = CardStateFromWindows(nativeState);
        protocol = FromWindows(nativeProtocol);
        atr = new ReadOnlySpan<byte>(atrBuffer, (int)Math.Min(atrLength, ReaderState.AtrCapacity)).ToArray();
        return rc;
    }

    public uint ControlCode(int function) => PcscNative.ControlCode(PcscPlatform.WinScard, function);

    /// <summary>SCardStatus's enumerated state (SCARD_UNKNOWN 0 … SCARD_SPECIFIC 6) as pcsc-lite's bits.</summary>
    internal static uint CardStateFromWindows(uint state) => state switch
    {
        1 => 0x0002, // absent
        2 => 0x0004, // present
        3 => 0x0004 | 0x0008, // swallowed
        4 => 0x0004 | 0x0010, // powered
        5 => 0x0004 | 0x0010 | 0x0020, // negotiable
        6 => 0x0004 | 0x0010 | 0x0040, // specific
        _ => 0x0001, // unknown
    };

    internal static uint ToWindows(uint protocols) =>
        (protocols & PcscLiteRaw) != 0 ? (protocols & ~PcscLiteRaw) | WindowsRaw : protocols;

    internal static uint FromWindows(uint protocols) =>
        (protocols & WindowsRaw) != 0 ? (protocols & ~WindowsRaw) | PcscLiteRaw : protocols;

    /// <summary>SCARD_READERSTATEW: 64 bytes with 64-bit pointers (36-byte ATR buffer).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ReaderState
    {
        public const int AtrCapacity = 36;

        public nint Reader;
        public nint UserData;
        public uint CurrentState;
        public uint EventState;
        public uint AtrLength;
        public fixed byte Atr[AtrCapacity];
    }

    /// <summary>SCARD_IO_REQUEST: 8 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoRequest
    {
        public uint Protocol;
        public uint PciLength;
    }

    [LibraryImport(Library)]
    private static partial int SCardEstablishContext(uint scope, nint reserved1, nint reserved2, out nint context);

    [LibraryImport(Library)]
    private static partial int SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    private static partial int SCardIsValidContext(nint context);

    [LibraryImport(Library)]
    private static partial int SCardListReadersW(nint context, char* groups, char* readers, uint* readersLength);

    [LibraryImport(Library)]
    private static partial int SCardGetStatusChangeW(nint context, uint timeout, ReaderState* states, uint count);

    [LibraryImport(Library)]
    private static partial int SCardCancel(nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf16)]
    private static partial int SCardConnectW(nint context, string reader, uint shareMode, uint preferredProtocols, out nint card, out uint activeProtocol);

    [LibraryImport(Library)]
    private static partial int SCardReconnect(nint card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol);

    [LibraryImport(Library)]
    private static partial int SCardDisconnect(nint card, uint disposition);

    [LibraryImport(Library)]
    private static partial int SCardBeginTransaction(nint card);

    [LibraryImport(Library)]
    private static partial int SCardEndTransaction(nint card, uint disposition);

    [LibraryImport(Library)]
    private static partial int SCardTransmit(nint card, IoRequest* sendPci, byte* send, uint sendLength, IoRequest* receivePci, byte* receive, uint* receiveLength);

    [LibraryImport(Library)]
    private static partial int SCardControl(nint card, uint controlCode, byte* send, uint sendLength, byte* receive, uint receiveCapacity, uint* received);

    [LibraryImport(Library)]
    private static partial int SCardGetAttrib(nint card, uint attributeId, byte* attribute, uint* attributeLength);

    [LibraryImport(Library)]
    private static partial int SCardStatusW(nint card, char* readerName, uint* readerNameLength, uint* state, uint* protocol, byte* atr, uint* atrLength);
}
