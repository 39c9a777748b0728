using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CardBridge.Pcsc.Native;

namespace CardBridge.Pcsc.Tests;

public sealed class NativeLayoutTests
{
    private static readonly bool Is64Bit = IntPtr.Size == 8;

    [Fact]
    public void PcscLite_reader_state_is_80_bytes_on_64_bit_with_the_atr_after_five_words()
    {
        Assert.Equal(Is64Bit ? 80 : 56, Unsafe.SizeOf<PcscLiteNative.ReaderState>());
        Assert.Equal(Is64Bit ? 80 : 56, Marshal.SizeOf<PcscLiteNative.ReaderState>());
        Assert.Equal(5 * IntPtr.Size, (int)Marshal.OffsetOf<PcscLiteNative.ReaderState>(nameof(PcscLiteNative.ReaderState.Atr)));
        Assert.Equal(33, PcscLiteNative.ReaderState.AtrCapacity);
    }

    [Fact]
    public void PcscLite_io_request_is_two_native_words()
    {
        Assert.Equal(Is64Bit ? 16 : 8, Unsafe.SizeOf<PcscLiteNative.IoRequest>());
    }

    [Fact]
    public void Windows_reader_state_has_32_bit_words_and_a_36_byte_atr()
    {
        Assert.Equal(Is64Bit ? 64 : 56, Unsafe.SizeOf<WinScardNative.ReaderState>());
        Assert.Equal(2 * IntPtr.Size + 12, (int)Marshal.OffsetOf<WinScardNative.ReaderState>(nameof(WinScardNative.ReaderState.Atr)));
        Assert.Equal(36, WinScardNative.ReaderState.AtrCapacity);
        Assert.Equal(8, Unsafe.SizeOf<WinScardNative.IoRequest>());
    }

    [Fact]
    public void MacOs_reader_state_is_packed()
    {
        Assert.Equal(2 * IntPtr.Size + 12 + 33, Unsafe.SizeOf<MacPcscNative.ReaderState>());
        Assert.Equal(8, Unsafe.SizeOf<MacPcscNative.IoRequest>());
    }

    [Theory]
    [InlineData(PcscPlatform.PcscLite, 3400, 0x42000D48u)]
    [InlineData(PcscPlatform.MacOs, 3400, 0x42000D48u)]
    [InlineData(PcscPlatform.WinScard, 3400, 0x00313520u)]
    [InlineData(PcscPlatform.PcscLite, 1, 0x42000001u)]
    [InlineData(PcscPlatform.WinScard, 1, 0x00310004u)]
    internal void Part10_control_codes_follow_the_platform(PcscPlatform platform, int function, uint expected)
    {
        Assert.Equal(expected, PcscNative.ControlCode(platform, function));
    }

    [Fact]
    public void Get_feature_request_matches_the_running_platform()
    {
        var expected = OperatingSystem.IsWindows() ? 0x00313520u : 0x42000D48u;

        Assert.Equal(expected, PcscControlCodes.GetFeatureRequest);
    }

    [Theory]
    [InlineData(0u, 0x0001u)]
    [InlineData(1u, 0x0002u)]
    [InlineData(2u, 0x0004u)]
    [InlineData(6u, 0x0054u)]
    public void Windows_enumerated_card_state_becomes_pcsc_lite_bits(uint windows, uint bits)
    {
        Assert.Equal(bits, WinScardNative.CardStateFromWindows(windows));
    }

    [Fact]
    public void Windows_raw_protocol_is_translated_both_ways()
    {
        Assert.Equal(0x00010002u, WinScardNative.ToWindows(0x0006));
        Assert.Equal(0x0006u, WinScardNative.FromWindows(0x00010002));
        Assert.Equal(0x0003u, WinScardNative.ToWindows(0x0003));
    }
}
