using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Workflow;

namespace CardBridge.Settlement.Tests.Workflow;

public sealed class SettlementLimitsTests
{
    private static readonly SettlementBill Good = new(SettlementScenario.Outpatient, 1_000, new byte[32]) { VisitId = "V-1" };

    public static TheoryData<string, SettlementBill, SettlementRequestField> BadBills { get; } = new()
    {
        { "zero total", Good with { TotalFen = 0 }, SettlementRequestField.BillTotal },
        { "negative total", Good with { TotalFen = -1 }, SettlementRequestField.BillTotal },
        { "unknown scenario", Good with { Scenario = (SettlementScenario)9 }, SettlementRequestField.BillScenario },
        { "16-byte line-item hash", Good with { LineItemHash = new byte[16] }, SettlementRequestField.BillLineItemHash },
        { "65-character visit id", Good with { VisitId = new string('v', 65) }, SettlementRequestField.BillVisitId },
        { "visit id with a control character", Good with { VisitId = "V\n1" }, SettlementRequestField.BillVisitId },
        { "9-character medical type", Good with { MedicalType = "123456789" }, SettlementRequestField.BillMedicalType },
        { "insurance type with a control character", Good with { InsuranceType = "31\t0" }, SettlementRequestField.BillInsuranceType },
    };

    [Theory]
    [MemberData(nameof(BadBills))]
    public void A_bill_outside_the_limits_names_its_field(string why, SettlementBill bill, SettlementRequestField field)
    {
        var error = Assert.Throws<InvalidSettlementRequestException>(() => SettlementLimits.CheckBill(bill));

        Assert.True(error.Field == field, why);
    }

    [Fact]
    public void A_bill_within_the_limits_passes_with_or_without_hash_and_visit()
    {
        SettlementLimits.CheckBill(Good);
        SettlementLimits.CheckBill(Good with { LineItemHash = ReadOnlyMemory<byte>.Empty, VisitId = null, MedicalType = "41", InsuranceType = "390" });
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("key\u0000")]
    public void A_malformed_key_is_refused_naming_the_field_it_came_in(string key)
    {
        var error = Assert.Throws<InvalidSettlementRequestException>(() => SettlementLimits.CheckKey(key, SettlementRequestField.SettlementKey));

        Assert.Equal(SettlementRequestField.SettlementKey, error.Field);
        Assert.Equal("1 to 128 printable characters", error.Rule);
    }

    [Fact]
    public void A_key_may_be_128_characters_but_not_129()
    {
        SettlementLimits.CheckKey(new string('k', 128), SettlementRequestField.IdempotencyKey);

        Assert.Throws<InvalidSettlementRequestException>(() => SettlementLimits.CheckKey(new string('k', 129), SettlementRequestField.IdempotencyKey));
    }
}
