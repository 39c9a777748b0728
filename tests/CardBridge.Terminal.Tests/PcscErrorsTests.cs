using CardBridge.Iso7816;
using CardBridge.Pcsc;

namespace CardBridge.Terminal.Tests;

public sealed class PcscErrorsTests
{
    [Theory]
    [InlineData(PcscErrorCode.NoService, typeof(ReaderServiceLostException))]
    [InlineData(PcscErrorCode.ServiceStopped, typeof(ReaderServiceLostException))]
    [InlineData(PcscErrorCode.InvalidHandle, typeof(ReaderServiceLostException))]
    [InlineData(PcscErrorCode.CommError, typeof(ReaderServiceLostException))]
    [InlineData(PcscErrorCode.ResetCard, typeof(CardResetException))]
    [InlineData(PcscErrorCode.RemovedCard, typeof(CardResetException))]
    [InlineData(PcscErrorCode.NoSmartcard, typeof(CardResetException))]
    [InlineData(PcscErrorCode.ReaderUnavailable, typeof(ReaderException))]
    [InlineData(PcscErrorCode.SharingViolation, typeof(ReaderException))]
    [InlineData(PcscErrorCode.Timeout, typeof(ReaderException))]
    public void A_PC_SC_failure_becomes_the_card_layers_error_with_the_code_name(PcscErrorCode code, Type expected)
    {
        var pcsc = PcscException.FromCode(code, "SCardTransmit");

        var error = Assert.Throws(expected, () => PcscErrors.Call(() => throw pcsc));

        var reader = Assert.IsAssignableFrom<ReaderException>(error);
        Assert.Equal(pcsc.CodeName, reader.Code);
        Assert.Equal(pcsc.Message, reader.Message);
        Assert.Same(pcsc, reader.InnerException);
    }

    [Fact]
    public async Task An_asynchronous_call_is_translated_too_and_other_errors_pass_unchanged()
    {
        var lost = await Assert.ThrowsAsync<ReaderServiceLostException>(() =>
            PcscErrors.CallAsync<byte[]>(() => throw PcscException.FromCode(PcscErrorCode.NoService, "SCardTransmit")));
        var removed = new CardRemovedException("card left");

        Assert.Equal("SCARD_E_NO_SERVICE", lost.Code);
        Assert.Same(removed, await Assert.ThrowsAsync<CardRemovedException>(() => PcscErrors.CallAsync<byte[]>(() => throw removed)));
    }
}
