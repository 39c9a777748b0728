using CardBridge.Cards.Financial;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Medical;

namespace CardBridge.Cards.Tests.Identity;

/// <summary>The one <c>cn</c> (BCD) codec the identity, medical and financial records share, and each caller's own error.</summary>
public sealed class DataElementTests
{
    [Theory]
    [InlineData("990001", "990001")]
    [InlineData("6217990007000001FF", "6217990007000001")]
    [InlineData("12345F", "12345")]
    [InlineData("", "")]
    public void Digits_are_the_BCD_nibbles_before_the_F_padding(string hex, string digits) =>
        Assert.Equal(digits, DataElement.TryDigits(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("12A4")]
    [InlineData("1F23")]
    [InlineData("F1")]
    public void A_nibble_above_9_or_a_digit_after_the_padding_is_not_cn(string hex) =>
        Assert.Null(DataElement.TryDigits(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("999900000001", 6, "999900000001")]
    [InlineData("12345", 4, "12345FFF")]
    [InlineData("20250302143005", 7, "20250302143005")]
    public void EncodeDigits_writes_BCD_right_padded_with_F(string digits, int length, string hex)
    {
        var target = new byte[length];

        DataElement.EncodeDigits(digits, target);

        Assert.Equal(hex, Convert.ToHexString(target));
        Assert.Equal(digits, DataElement.TryDigits(target));
    }

    [Fact]
    public void Each_record_names_its_own_field_when_the_digits_are_not_cn()
    {
        var identity = Assert.Throws<CardDataException>(() => DataElement.Digits(Convert.FromHexString("99A001"), "EF06 tag 0C birthplace"));
        var pan = Assert.Throws<CardDataException>(() => FinancialApplication.Parse(Convert.FromHexString("70105A0862179900070A00015F2403301231")));
        var detail = MedicalFiles.DetailBytes(new MedicalTransaction(1, MedicalTransactionType.OfflineSettlement, "999900000001",
            new DateTime(2025, 3, 2, 14, 30, 5), 100, 0, 0));
        detail[3] = 0x9A;
        var medical = Assert.Throws<CardDataException>(() => MedicalFiles.ParseDetail(detail, 1));

        Assert.Equal("EF06 tag 0C birthplace: 99A001 is not BCD digits right-padded with F", identity.Message);
        Assert.Equal("UnionPay PAN is not compressed numeric", pan.Message);
        Assert.Equal("DF04 EF08 record 1 terminal id is not BCD", medical.Message);
    }
}
