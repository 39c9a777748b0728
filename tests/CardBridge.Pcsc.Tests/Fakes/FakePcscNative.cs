using CardBridge.Pcsc.Native;

namespace CardBridge.Pcsc.Tests.Fakes;

/// <summary>
/// A scripted PC/SC service: readers with cards, a service that can be stopped (blocked waits fail with
/// F_COMM_ERROR, old contexts answer INVALID_HANDLE) and pcsc-lite's cancel semantics (a cancel only wakes a
/// wait that is already blocked).
/// </summary>
internal sealed class FakePcscNative : IPcscNative
{
    private readonly object _lock = new();
    private readonly Dictionary<string, (byte[]? Atr, int Counter)> _readers = new(StringComparer.Ordinal);
    private long _generation;
    private bool _up = true;
    private bool _blocked;
    private uint _wakeCode;

    public int EstablishFailuresAfterStop { get; set; }

    public int CancelCalls;

    public Func<uint, byte[], (uint Code, byte[] Response)> OnTransmit { get; set; } = (_, _) => (0, [0x90, 0x00]);

    public SemaphoreSlim WaitEntered { get; } = new(0);

    public PcscPlatform Platform => PcscPlatform.PcscLite;

    public void AddReader(string name, byte[]? atr = null)
    {
        lock (_lock)
        {
            _readers[name] = (atr, 0);
        }
    }

    public void StopService()
    {
        lock (_lock)
        {
            _up = false;
            WakeLocked(0x80100013); // SCARD_F_COMM_ERROR, as a blocked wait sees a dying pcscd
        }
    }

    public uint EstablishContext(uint scope, out NativeContext context)
    {
        lock (_lock)
        {
            context = default;
            if (!_up)
            {
                if (EstablishFailuresAfterStop-- > 0)
                {
                    return 0x8010001D;
                }
                _up = true;
            }
            context = new NativeContext((nint)(++_generation));
            return 0;
        }
    }

    public uint ReleaseContext(NativeContext context) => 0;

    public uint IsValidContext(NativeContext context) => 0;

    public uint ListReaders(NativeContext context, out string[] readers)
    {
        lock (_lock)
        {
            readers = [.. _readers.Keys.Order(StringComparer.Ordinal)];
            return Stale(context) ? 0x80100003 : readers.Length == 0 ? 0x8010002E : 0u;
        }
    }

    public uint GetStatusChange(NativeContext context, uint timeoutMilliseconds, IReadOnlyList<PcscReaderState> states)
    {
        lock (_lock)
        {
            if (Stale(context))
            {
                return 0x80100003;
            }
            if (timeoutMilliseconds == 0)
            {
                foreach (var state in states)
                {
                    if (_readers.TryGetValue(state.Reader, out var reader))
                    {
                        var flags = reader.Atr is null ? PcscReaderStates.Empty : PcscReaderStates.Present;
                        state.SetEvent(((uint)reader.Counter << 16) | (uint)(flags | PcscReaderStates.Changed), reader.Atr ?? []);
                    }
                }
                return 0;
            }
            _blocked = true;
        }
        WaitEntered.Release();
        lock (_lock)
        {
            while (_blocked)
            {
                Monitor.Wait(_lock);
            }
            return _wakeCode;
        }
    }

    public uint Cancel(NativeContext context)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref CancelCalls);
            WakeLocked(0x80100002);
            return 0;
        }
    }

    public uint Connect(NativeContext context, string reader, uint shareMode, uint preferredProtocols, out NativeCard card, out uint activeProtocol)
    {
        card = new NativeCard(1);
        activeProtocol = preferredProtocols & 0x2;
        return 0;
    }

    public uint Reconnect(NativeCard card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol)
    {
        activeProtocol = preferredProtocols;
        return 0;
    }

    public uint Disconnect(NativeCard card, uint disposition) => 0;

    public uint BeginTransaction(NativeCard card) => 0;

    public uint EndTransaction(NativeCard card, uint disposition) => 0;

    public uint Transmit(NativeCard card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received)
    {
        var (code, answer) = OnTransmit(protocol, command.ToArray());
        answer.CopyTo(response);
        received = code == 0 ? answer.Length : 0;
        return code;
    }

    public uint Control(NativeCard card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received)
    {
        received = 0;
        return 0;
    }

    public uint GetAttrib(NativeCard card, uint attributeId, Span<byte> buffer, out int length)
    {
        length = 0;
        return 0;
    }

    public uint Status(NativeCard card, out string reader, out uint state, out uint protocol, out byte[] atr)
    {
        (reader, state, protocol, atr) = ("R", 0x54, 2, [0x3B, 0x00]);
        return 0;
    }

    public uint ControlCode(int function) => PcscNative.ControlCode(PcscPlatform.PcscLite, function);

    private bool Stale(NativeContext context) => !_up || context.Value != (nint)_generation;

    private void WakeLocked(uint code)
    {
        if (_blocked)
        {
            _blocked = false;
            _wakeCode = code;
            Monitor.PulseAll(_lock);
        }
    }
}
