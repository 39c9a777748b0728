using System.Runtime.InteropServices;

namespace CardBridge.Pcsc.Native;

/// <summary>
/// Apple's PCSC.framework (a pcsc-lite fork): DWORD, LONG, SCARDCONTEXT and SCARDHANDLE are 32-bit on every
/// architecture and its structs are packed (<c>#pragma pack(1)</c>). Reader names are UTF-8 multi-strings.
/// The framework keeps the pre-1.3.2 SCardControl under its old name and exports the current signature as
/// SCardControl132.
/// </summary>
internal sealed unsafe partial class MacPcscNative : IPcscNative
{
    private const string Library = "/System/Library/Frameworks/PCSC.framework/PCSC";
    private const int ReaderNameCapacity = 1024;

    public PcscPlatform Platform => PcscPlatform.MacOs;

    public uint EstablishContext(uint scope, out NativeContext context)
    {
        var rc = SCardEstablishContext(scope, 0, 0, out var handle);
        context = new NativeContext(handle);
        return (uint)rc;
    }

    public uint ReleaseContext(NativeContext context) => (uint)SCardReleaseContext((int)context.Value);

    public uint IsValidContext(NativeContext context) => (uint)SCardIsValidContext((int)context.Value);

    public uint ListReaders(NativeContext context, out string[] readers)
    {
        readers = [];
        while (true)
        {
            uint length = 0;
            var rc = (uint)SCardListReaders((int)context.Value, null, null, &length);
            if (rc != 0)
            {
                return rc;
            }
            var buffer = new byte[(int)length];
            fixed (byte* p = buffer)
            {
                rc = (uint)SCardListReaders((int)context.Value, null, p, &length);
            }
            if (rc == (uint)PcscErrorCode.InsufficientBuffer)
            {
                continue; // a reader arrived between the two calls
            }
            if (rc == 0)
            {
                readers = MultiString.ParseUtf8(buffer.AsSpan(0, (int)Math.Min(length, (uint)buffer.Length)));
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
                native[i].Reader = Marshal.StringToCoTaskMemUTF8(states[i].Reader);
                native[i].CurrentState = states[i].RawCurrentState;
            }
            uint rc;
            fixed (ReaderState* p = native)
            {
                rc = (uint)SCardGetStatusChange((int)context.Value, timeoutMilliseconds, p, (uint)native.Length);
            }
            if (rc == 0)
            {
                for (var i = 0; i < native.Length; i++)
                {
                    var atrLength = (int)Math.Min(native[i].AtrLength, (uint)ReaderState.AtrCapacity);
                    fixed (byte* atr = native[i].Atr)
                    {
                        states[i].SetEvent((uint)native[i].EventState, new ReadOnlySpan<byte>(atr, atrLength));
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

    public uint Cancel(NativeContext context) => (uint)SCardCancel((int)context.Value);

    public uint Connect(NativeContext context, string reader, uint shareMode, uint preferredProtocols, out NativeCard card, out uint activeProtocol)
    {
        var rc = SCardConnect((int)context.Value, reader, shareMode, preferredProtocols, out var handle, out var protocol);
        card = new NativeCard(handle);
        activeProtocol = (uint)protocol;
        return (uint)rc;
    }

    public uint Reconnect(NativeCard card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol)
    {
        var rc = SCardReconnect((int)card.Value, shareMode, preferredProtocols, initialization, out var protocol);
        activeProtocol = (uint)protocol;
        return (uint)rc;
    }

    public uint Disconnect(NativeCard card, uint disposition) => (uint)SCardDisconnect((int)card.Value, disposition);

    public uint BeginTransaction(NativeCard card) => (uint)SCardBeginTransaction((int)card.Value);

    public uint EndTransaction(NativeCard card, uint disposition) => (uint)SCardEndTransaction((int)card.Value, disposition);

    public uint Transmit(NativeCard card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received)
    {
        var pci = new IoRequest { Protocol = protocol, PciLength = (uint)sizeof(IoRequest) };
        var length = (uint)response.Length;
        uint rc;
        fixed (byte* send = command)
        fixed (byte* receive = response)
        {
            rc = (uint)SCardTransmit((int)card.Value, &pci, send, (uint)command.Length, null, receive, &length);
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
            rc = (uint)SCardControl((int)card.Value, controlCode, send, (uint)input.Length, receive, (uint)output.Length, &length);
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
            rc = (uint)SCardGetAttrib((int)card.Value, attributeId, buffer.IsEmpty ? null : p, &size);
        }
        length = (int)size;
        return rc;
    }

    public uint Status(NativeCard card, out string reader, out uint state, out uint protocol, out byte[] atr)
    {
        var name = stackalloc byte[ReaderNameCapacity];
        var atrBuffer = stackalloc byte[ReaderState.AtrCapacity];
        uint nameLength = ReaderNameCapacity;
        uint atrLength = ReaderState.AtrCapacity;
        uint nativeState;
        uint nativeProtocol;
        var rc = (uint)SCardStatus((int)card.Value, name, &nameLength, &nativeState, &nativeProtocol, atrBuffer, &atrLength);
        if (rc != 0)
        {
            (reader, state, protocol, atr) = (string.Empty, 0, 0, []);
            return rc;
        }
        var names = MultiString.ParseUtf8(new ReadOnlySpan<byte>(name, (int)Math.Min(nameLength, ReaderNameCapacity)));
        reader = names.Length > 0 ? names[0] : string.Empty;
        state = (uint)nativeState;
        protocol = (uint)nativeProtocol;
        atr = new ReadOnlySpan<byte>(atrBuffer, (int)Math.Min(atrLength, ReaderState.AtrCapacity)).ToArray();
        return rc;
    }

    public uint ControlCode(int function) => PcscNative.ControlCode(PcscPlatform.MacOs, function);

    /// <summary>SCARD_READERSTATE, packed: 61 bytes with 64-bit pointers.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    internal struct ReaderState
    {
        public const int AtrCapacity = 33;

        public nint Reader;
        public nint UserData;
        public uint CurrentState;
        public uint EventState;
        public uint AtrLength;
        public fixed byte Atr[AtrCapacity];
    }

    /// <summary>SCARD_IO_REQUEST, packed: 8 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    internal struct IoRequest
    {
        public uint Protocol;
        public uint PciLength;
    }

    [LibraryImport(Library)]
    private static partial int SCardEstablishContext(uint scope, nint reserved1, nint reserved2, out int context);

    [LibraryImport(Library)]
    private static partial int SCardReleaseContext(int context);

    [LibraryImport(Library)]
    private static partial int SCardIsValidContext(int context);

    [LibraryImport(Library)]
    private static partial int SCardListReaders(int context, byte* groups, byte* readers, uint* readersLength);

    [LibraryImport(Library)]
    private static partial int SCardGetStatusChange(int context, uint timeout, ReaderState* states, uint count);

    [LibraryImport(Library)]
    private static partial int SCardCancel(int context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SCardConnect(int context, string reader, uint shareMode, uint preferredProtocols, out int card, out uint activeProtocol);

    [LibraryImport(Library)]
    private static partial int SCardReconnect(int card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol);

    [LibraryImport(Library)]
    private static partial int SCardDisconnect(int card, uint disposition);

    [LibraryImport(Library)]
    private static partial int SCardBeginTransaction(int card);

    [LibraryImport(Library)]
    private static partial int SCardEndTransaction(int card, uint disposition);

    [LibraryImport(Library)]
    private static partial int SCardTransmit(int card, IoRequest* sendPci, byte* send, uint sendLength, IoRequest* receivePci, byte* receive, uint* receiveLength);

    [LibraryImport(Library, EntryPoint = "SCardControl132")]
    private static partial int SCardControl(int card, uint controlCode, byte* send, uint sendLength, byte* receive, uint receiveCapacity, uint* received);

    [LibraryImport(Library)]
    private static partial int SCardGetAttrib(int card, uint attributeId, byte* attribute, uint* attributeLength);

    [LibraryImport(Library)]
    private static partial int SCardStatus(int card, byte* readerName, uint* readerNameLength, uint* state, uint* protocol, byte* atr, uint* atrLength);
}
