namespace CardBridge.Pcsc.Native;

/// <summary>An established PC/SC context as the platform library knows it (opaque outside this folder).</summary>
internal readonly record struct NativeContext(nint Value);

/// <summary>A connected card handle as the platform library knows it (opaque outside this folder).</summary>
internal readonly record struct NativeCard(nint Value);

/// <summary>
/// The PC/SC entry points with every platform difference (integer widths, struct layouts, string
/// encodings, constant values) already resolved. Every method returns the raw PC/SC return code as
/// 32 bits (0 = SCARD_S_SUCCESS); callers turn failures into exceptions. Protocols, share modes,
/// dispositions and states use pcsc-lite's values; an implementation translates where its platform differs.
/// </summary>
internal interface IPcscNative
{
    /// <summary>Which platform's conventions this implementation follows.</summary>
    PcscPlatform Platform { get; }

    uint EstablishContext(uint scope, out NativeContext context);

    uint ReleaseContext(NativeContext context);

    uint IsValidContext(NativeContext context);

    /// <summary>Lists the reader names (the multi-string already split).</summary>
    uint ListReaders(NativeContext context, out string[] readers);

    /// <summary>
    /// Waits for a change against <see cref="PcscReaderState.RawCurrentState"/> of each entry and writes the
    /// event state and ATR back into the entries.
    /// </summary>
    uint GetStatusChange(NativeContext context, uint timeoutMilliseconds, IReadOnlyList<PcscReaderState> states);

    uint Cancel(NativeContext context);

    uint Connect(NativeContext context, string reader, uint shareMode, uint preferredProtocols, out NativeCard card, out uint activeProtocol);

    uint Reconnect(NativeCard card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol);

    uint Disconnect(NativeCard card, uint disposition);

    uint BeginTransaction(NativeCard card);

    uint EndTransaction(NativeCard card, uint disposition);

    /// <summary>Transmits with the send PCI for <paramref name="protocol"/>; no receive PCI.</summary>
    uint Transmit(NativeCard card, uint protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received);

    uint Control(NativeCard card, uint controlCode, ReadOnlySpan<byte> input, Span<byte> output, out int received);

    /// <summary>Reads an attribute; with an empty <paramref name="buffer"/> only reports the length needed.</summary>
    uint GetAttrib(NativeCard card, uint attributeId, Span<byte> buffer, out int length);

    /// <summary>Reads the card status; <paramref name="state"/> is in pcsc-lite's bit form (SCARD_PRESENT…).</summary>
    uint Status(NativeCard card, out string reader, out uint state, out uint protocol, out byte[] atr);

    /// <summary>The platform's control code for a vendor/PC/SC part 10 function number.</summary>
    uint ControlCode(int function);
}
