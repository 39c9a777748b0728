namespace CardBridge.Docs.Tests;

/// <summary>docs/guides/bank.md: full identity with an audited purpose, PIN on the PIN pad with one mistyped attempt, the payout account masked.</summary>
[Trait("Category", "Integration")]
public sealed class BankGuideTests
{
    private const string PinPadReader = "--Simulation:PinPadReaders:0=Simulated Reader 0";

    public static TheoryData<string> Languages => new() { "csharp", "python" };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Bank_example_reads_the_full_identity_and_verifies_the_PIN_on_the_pad_after_one_wrong_try(string language)
    {
        await using var service = await SimulatedService.StartAsync(PinPadReader);

        var output = language == "csharp"
            ? await Examples.RunCSharpAsync(service, "bank", "bank")
            : await Examples.RunPythonAsync(service, "bank", "bank");

        var read = Examples.Line(output, "read:");
        Assert.Contains("name=测试甲", read, StringComparison.Ordinal);
        Assert.Contains("card=SIM000001", read, StringComparison.Ordinal);
        var wrong = Examples.Line(output, "pin pad refused:");
        Assert.Contains("WRONG_PIN", wrong, StringComparison.Ordinal);
        Assert.Contains("tries_left=2", wrong, StringComparison.Ordinal);
        Assert.Equal("pin pad: verified", Examples.Line(output, "pin pad: verified"));
        var account = Examples.Line(output, "bank account:");
        Assert.Contains("pan=6217 **** **** 0001", account, StringComparison.Ordinal);
        Assert.Contains("expiry=2034-03-01", account, StringComparison.Ordinal);
        Assert.DoesNotContain("6217990007000001", output, StringComparison.Ordinal);
        Assert.Contains("\"Purpose\":\"account opening: identity check\"", service.AuditText(), StringComparison.Ordinal);
        Assert.Contains("\"Client\":\"bank\"", service.AuditText(), StringComparison.Ordinal);
    }
}
