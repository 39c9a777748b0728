using System.Runtime.InteropServices;

namespace CardBridge.Pcsc.Native;

/// <summary>
/// pcsc-lite on Linux and the BSDs. Its DWORD and LONG are C <c>unsigned long</c> / <c>long</c>, so they are
/// 64-bit on 64-bit Linux (<see cref="nuint"/> / <see cref="nint"/>); SCARDCONTEXT and SCARDHANDLE are LONG.
/// Reader names are UTF-8 multi-strings.
/// </summary>
internal sealed unsafe partial class PcscLiteNative : IPcscNative
{
    private const string Library = "libpcsclite.so.1";
    private const int ReaderNameCapacity = 1024;

    public PcscPlatform Platform => PcscPlatform.PcscLite;

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
            nuint length = 0;
            var rc = (uint)SCardListReaders(context.Value, null, null, &length);
            if (rc != 0)
            {
                return rc;
            }
            var buffer = new byte[(int)length];
            fixed (byte* p = buffer)
            {
                rc = (uint)SCardListReaders(context.Value, null, p, &length);
            }
            if (rc == (uint)PcscErrorCode.InsufficientBuffer)
            {
                continue; // a reader arrived between the two calls
            }
            if (rc == 0)
            {
                readers = MultiString.ParseUtf8(buffer.AsSpan(0, (int)Math.Min(length, (nuint)buffer.Length)));
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
                rc = (uint)SCardGetStatusChange(context.Value, timeoutMilliseconds, p, (nuint)native.Length);
            }
            if (rc == 0)
            {
                for (var i = 0; i < native.Length; i++)
                {
                    var atrLength = (int)Math.Min(native[i].AtrLength, (nuint)ReaderState.AtrCapacity);
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

    public uint Cancel(NativeContext context) => (uint)SCardCancel(context.Value);

    public uint Connect(NativeContext context, string reader, uint shareMode, uint preferredProtocols, out NativeCard card, out uint activeProtocol)
    {
        var rc = SCardConnect(context.Value, reader, shareMode, preferredProtocols, out var handle, out var protocol);
        card = new NativeCard(handle);
        activeProtocol = (uint)protocol;
        return (uint)rc;
    }

    public uint Reconnect(NativeCard card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol)
    {
        var rc = SCardReconnect(card.Value, shareMode, preferredProtocols, initialization, out var protocol);
        activeProtocol = (uint)protocol;
        return (uint)rc;
    }

    public uint Disconnect(NativeCard card, uint disposition) => (uint)SCardDisconnect(card.Value, disposition);

    public uint BeginTransaction(NativeCard card) => (uint)SCardBeginTransaction(card.Value);

    public uint EndTransaction(NativeCard card, uint disposition) => (uint)SCardEndTransaction(card.Value, disposition);

    public uint Transmit(NativeCard card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received)
    {
        var pci = new IoRequest { Protocol = protocol, PciLength = (nuint)sizeof(IoRequest) };
        var length = (nuint)response.Length;
        uint rc;
        fixed (byte* send = command)
        fixed (byte* receive = response)
        {
            rc = (uint)SCardTransmit(card.Value, &pci, send, (nuint)command.Length, null, receive, &length);
        }
        received = rc == 0 ? (int)length : 0;
        return rc;
    }

    public uint Control(NativeCard card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received)
    {
        nuint length = 0;
        uint rc;
        fixed (byte* send = input)
        fixed (byte* receive = output)
        {
            rc = (uint)SCardControl(card.Value, controlCode, send, (nuint)input.Length, receive, (nuint)output.Length, &length);
        }
        received = rc == 0 ? (int)length : 0;
        return rc;
    }

    public uint GetAttrib(NativeCard card, uint attributeId, Span<byte> buffer, out int length)
    {
        var size = (nuint)buffer.Length;
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
        var name = stackalloc byte[ReaderNameCapacity];
        var atrBuffer = stackalloc byte[ReaderState.AtrCapacity];
        nuint nameLength = ReaderNameCapacity;
        nuint atrLength = ReaderState.AtrCapacity;
        nuint nativeState;
        nuint nativeProtocol;
        var rc = (uint)SCardStatus(card.Value, name, &nameLength, &nativeState, &nativeProtocol, atrBuffer, &atrLength);
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

    public uint ControlCode(int function) => PcscNative.ControlCode(PcscPlatform.PcscLite, function);

    /// <summary>pcsc-lite's SCARD_READERSTATE: 80 bytes on 64-bit Linux (73 rounded up to 8).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ReaderState
    {
        public const int AtrCapacity = 33;

        public nint Reader;
        public nint UserData;
        public nuint CurrentState;
        public nuint EventState;
        public nuint AtrLength;
        public fixed byte Atr[AtrCapacity];
    }

    /// <summary>pcsc-lite's SCARD_IO_REQUEST: 16 bytes on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoRequest
    {
        public nuint Protocol;
        public nuint PciLength;
    }

    [LibraryImport(Library)]
    private static partial nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);

    [LibraryImport(Library)]
    private static partial nint SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    private static partial nint SCardIsValidContext(nint context);

    [LibraryImport(Library)]
    private static partial nint SCardListReaders(nint context, byte* groups, byte* readers, nuint* readersLength);

    [LibraryImport(Library)]
    private static partial nint SCardGetStatusChange(nint context, nuint timeout, ReaderState* states, nuint count);

    [LibraryImport(Library)]
    private static partial nint SCardCancel(nint context);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SCardConnect(nint context, string reader, nuint shareMode, nuint preferredProtocols, out nint card, out nuint activeProtocol);

    [LibraryImport(Library)]
    private static partial nint SCardReconnect(nint card, nuint shareMode, nuint preferredProtocols, nuint initialization, out nuint activeProtocol);

    [LibraryImport(Library)]
    private static partial nint SCardDisconnect(nint card, nuint disposition);

    [LibraryImport(Library)]
    private static partial nint SCardBeginTransaction(nint card);

    [LibraryImport(Library)]
    private static partial nint SCardEndTransaction(nint card, nuint disposition);

    [LibraryImport(Library)]
    private static partial nint SCardTransmit(nint card, IoRequest* sendPci, byte* send, nuint sendLength, IoRequest* receivePci, byte* receive, nuint* receiveLength);

    [LibraryImport(Library)]
    private static partial nint SCardControl(nint card, nuint controlCode, byte* send, nuint sendLength, byte* receive, nuint receiveCapacity, nuint* received);

    [LibraryImport(Library)]
    private static partial nint SCardGetAttrib(nint card, nuint attributeId, byte* attribute, nuint* attributeLength);

    [LibraryImport(Library)]
    private static partial nint SCardStatus(nint card, byte* readerName, nuint* readerNameLength, nuint* state, nuint* protocol, byte* atr, nuint* atrLength);
}
