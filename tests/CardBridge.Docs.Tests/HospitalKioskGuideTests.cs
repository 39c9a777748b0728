namespace CardBridge.Docs.Tests;

/// <summary>docs/guides/his.md, "Kiosk flows": both examples register and pay an outpatient visit and settle a cross-region discharge.</summary>
[Trait("Category", "Integration")]
public sealed class HospitalKioskGuideTests
{
    public static TheoryData<string> Languages => new() { "csharp", "python" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Kiosk_example_registers_and_pays_then_settles_a_cross_region_discharge_under_the_persons_area(string language)
    {
        await using var service = await SimulatedService.StartAsync();

        var output = language == "csharp"
            ? await Examples.RunCSharpAsync(service, "hospital", "his")
            : await Examples.RunPythonAsync(service, "hospital", "his");

        Assert.EndsWith("area=110000", Examples.Line(output, "registered: visit="), StringComparison.Ordinal);
        Assert.Equal("fees: batches sent=1 replayed=0 details=2", Examples.Line(output, "fees: batches sent=1"));
        Assert.Equal("pre-settle: total=5000 fund=3000 account=2000 cash=0", Examples.Line(output, "pre-settle:"));
        Assert.EndsWith("total=5000 fund=3000 account=2000 cash=0 pooled_fund=3000", Examples.Line(output, "settle: settlement_id="), StringComparison.Ordinal);
        Assert.Equal("person: area=440300 insurance=310", Examples.Line(output, "person:"));
        Assert.EndsWith("area=440300", Examples.Line(output, "admitted: visit="), StringComparison.Ordinal);
        Assert.Equal("fees: batches sent=3", Examples.Line(output, "fees: batches sent=3"));
        Assert.Equal(
            "discharge settle: total=120000 fund=56000 account=20000 cash=44000 deductible=50000 pooled_fund=56000",
            Examples.Line(output, "discharge settle:"));
        Assert.EndsWith("area=440300", Examples.Line(output, "discharged: visit="), StringComparison.Ordinal);
    }
}
