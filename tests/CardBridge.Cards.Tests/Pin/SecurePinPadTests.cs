using CardBridge.Cards.Pin;

namespace CardBridge.Cards.Tests.Pin;

public sealed class SecurePinPadTests
{
    [Fact]
    public void PIN_VERIFY_STRUCTURE_has_the_part_10_byte_layout()
    {
        var bytes = new PinVerifyStructure(Timeout: 30, MinDigits: 6, MaxDigits: 6, LanguageId: 0x0804).ToArray();

        Assert.Equal(
            "1E" + "1E" + "81" + "03" + "00" + "0606" + "02" + "01" + "0408" + "00" + "000000" + "08000000"
            + "0020000003FFFFFF",
            Convert.ToHexString(bytes));
        Assert.Equal(PinVerifyStructure.HeaderLength + 8, bytes.Length);
    }

    [Fact]
    public void Min_and_max_digits_go_to_the_high_and_low_byte_of_wPINMaxExtraDigit()
    {
        var bytes = new PinVerifyStructure(MinDigits: 4, MaxDigits: 8).ToArray();

        Assert.Equal(0x08, bytes[5]);
        Assert.Equal(0x04, bytes[6]);
        Assert.Equal(0x04, bytes[3]);
        Assert.Equal("0020000004FFFFFFFF", Convert.ToHexString(bytes.AsSpan(PinVerifyStructure.HeaderLength)));
    }

    [Fact]
    public void Feature_list_gives_big_endian_control_codes()
    {
        var features = ReaderFeatures.Parse(Convert.FromHexString("0604420D48BE" + "0704420D48BF" + "1204420D48CA"));

        Assert.Equal(0x420D48BEu, features.VerifyPinDirect);
        Assert.Equal(0x420D48BFu, features.ModifyPinDirect);
        Assert.Equal(0x420D48CAu, features.ControlCode(0x12));
    }

    [Fact]
    public void Malformed_feature_list_is_a_card_data_error()
    {
        Assert.Throws<CardDataException>(() => ReaderFeatures.Parse(Convert.FromHexString("0603420D48")));
    }

    [Fact]
    public async Task Reader_without_VERIFY_PIN_DIRECT_has_no_PIN_pad()
    {
        var reader = new ScriptedReader(Convert.FromHexString("1204420D48CA"));

        Assert.Null(await SecurePinPad.DiscoverAsync(reader, CancellationToken.None));
    }

    [Theory]
    [InlineData("9000", null)]
    [InlineData("63C2", typeof(WrongPinException))]
    [InlineData("6983", typeof(PinBlockedException))]
    [InlineData("6400", typeof(PinEntryTimeoutException))]
    [InlineData("6401", typeof(PinEntryCancelledException))]
    public async Task PIN_pad_answer_maps_to_typed_outcomes(string answer, Type? expected)
    {
        var reader = new ScriptedReader(Convert.FromHexString("0604420D48BE"), Convert.FromHexString(answer));
        var pad = await SecurePinPad.DiscoverAsync(reader, CancellationToken.None);

        var error = await Record.ExceptionAsync(() => pad!.VerifyAsync(new PinVerifyStructure(), CancellationToken.None));

        Assert.Equal(expected, error?.GetType());
        Assert.Equal(0x420D48BEu, reader.Sent[^1].Code);
        Assert.Equal(new PinVerifyStructure().ToArray(), reader.Sent[^1].Input);
    }

    private sealed class ScriptedReader(byte[] features, byte[]? verifyAnswer = null) : IReaderControl
    {
        public List<(uint Code, byte[] Input)> Sent { get; } = [];

        public uint GetFeatureRequestCode => 0x42000D48;

        public Task<byte[]> ControlAsync(uint controlCode, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
        {
            Sent.Add((controlCode, input.ToArray()));
            return Task.FromResult(controlCode == GetFeatureRequestCode ? features : verifyAnswer ?? []);
        }
    }
}
