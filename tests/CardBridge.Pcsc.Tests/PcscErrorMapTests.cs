using CardBridge.Iso7816;

namespace CardBridge.Pcsc.Tests;

public sealed class PcscErrorMapTests
{
    public static TheoryData<PcscErrorCode> AllCodes() => [.. Enum.GetValues<PcscErrorCode>()];

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_code_has_its_header_name(PcscErrorCode code)
    {
        var name = new PcscException(code, "SCardX").CodeName;

        Assert.Matches("^SCARD_[SFEWP]_[A-Z0-9_]+$", name);
        Assert.DoesNotContain("UNKNOWN_0x", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_names_are_unique()
    {
        var names = Enum.GetValues<PcscErrorCode>().Select(code => new PcscException(code, "SCardX").CodeName).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(0x80100002u, "SCARD_E_CANCELLED")]
    [InlineData(0x80100003u, "SCARD_E_INVALID_HANDLE")]
    [InlineData(0x8010000Au, "SCARD_E_TIMEOUT")]
    [InlineData(0x8010000Cu, "SCARD_E_NO_SMARTCARD")]
    [InlineData(0x80100013u, "SCARD_F_COMM_ERROR")]
    [InlineData(0x80100016u, "SCARD_E_NOT_TRANSACTED")]
    [InlineData(0x80100018u, "SCARD_P_SHUTDOWN")]
    [InlineData(0x8010001Du, "SCARD_E_NO_SERVICE")]
    [InlineData(0x8010001Eu, "SCARD_E_SERVICE_STOPPED")]
    [InlineData(0x8010002Eu, "SCARD_E_NO_READERS_AVAILABLE")]
    [InlineData(0x80100031u, "SCARD_E_SERVER_TOO_BUSY")]
    [InlineData(0x80100068u, "SCARD_W_RESET_CARD")]
    [InlineData(0x80100069u, "SCARD_W_REMOVED_CARD")]
    [InlineData(0x8010006Fu, "SCARD_W_CARD_NOT_AUTHENTICATED")]
    public void Numeric_code_maps_to_its_header_name(uint code, string name)
    {
        var error = PcscException.FromCode((PcscErrorCode)code, "SCardTransmit");

        Assert.Equal(name, error.CodeName);
        Assert.Equal(code, (uint)error.Code);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("SCardTransmit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x8010001Du, typeof(PcscServiceUnavailableException))]
    [InlineData(0x8010001Eu, typeof(PcscServiceUnavailableException))]
    [InlineData(0x80100003u, typeof(PcscServiceUnavailableException))]
    [InlineData(0x80100013u, typeof(PcscServiceUnavailableException))]
    [InlineData(0x8010000Au, typeof(PcscTimeoutException))]
    [InlineData(0x80100002u, typeof(PcscCancelledException))]
    [InlineData(0x80100012u, typeof(PcscCancelledException))]
    [InlineData(0x8010002Eu, typeof(PcscNoReadersException))]
    [InlineData(0x80100017u, typeof(PcscReaderUnavailableException))]
    [InlineData(0x80100009u, typeof(PcscReaderUnavailableException))]
    [InlineData(0x8010000Bu, typeof(PcscSharingViolationException))]
    [InlineData(0x80100068u, typeof(PcscCardResetException))]
    [InlineData(0x80100069u, typeof(PcscCardAbsentException))]
    [InlineData(0x8010000Cu, typeof(PcscCardAbsentException))]
    [InlineData(0x80100016u, typeof(PcscException))]
    [InlineData(0x80100004u, typeof(PcscException))]
    public void Code_maps_to_the_exception_type_callers_handle(uint code, Type expected)
    {
        Assert.IsType(expected, PcscException.FromCode((PcscErrorCode)code, "SCardConnect"));
    }

    [Fact]
    public void Unknown_code_is_named_with_its_value_not_left_bare()
    {
        var error = PcscException.FromCode((PcscErrorCode)0x8010FFFF, "SCardConnect");

        Assert.Equal("SCARD_UNKNOWN_0x8010FFFF", error.CodeName);
    }

    [Theory]
    [InlineData(0x80100069u)]
    [InlineData(0x8010000Cu)]
    [InlineData(0x80100016u)]
    public void Transmit_reports_a_gone_card_as_CardRemovedException_with_the_pcsc_error_inside(uint code)
    {
        var error = Assert.IsType<CardRemovedException>(PcscCard.TransmitFailure(code, "Virtual PCD 00 00"));

        var inner = Assert.IsAssignableFrom<PcscException>(error.InnerException);
        Assert.Equal(code, (uint)inner.Code);
        Assert.Equal("SCardTransmit", inner.Operation);
    }

    [Theory]
    [InlineData(0x8010001Du, typeof(PcscServiceUnavailableException))]
    [InlineData(0x80100068u, typeof(PcscCardResetException))]
    [InlineData(0x80100008u, typeof(PcscException))]
    public void Transmit_passes_other_failures_through_typed(uint code, Type expected)
    {
        Assert.IsType(expected, PcscCard.TransmitFailure(code, "Virtual PCD 00 00"));
    }
}
