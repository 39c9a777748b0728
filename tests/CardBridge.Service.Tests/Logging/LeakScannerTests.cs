namespace CardBridge.Service.Tests.Logging;

public sealed class LeakScannerTests
{
    [Fact]
    public void Profile_values_cover_every_person_card_profile()
    {
        var values = LeakScanner.ProfileValues().ToList();

        Assert.Contains("测试甲", values);
        Assert.Contains("990001199001010013", values);
        Assert.Contains("SIM000001", values);
        Assert.Contains("990001D156000005000000015A3C19E2", values);
        Assert.Contains("1990-01-01", values);
        Assert.Contains("测试䶮·阿依古丽·买买提·测试己", values);
        Assert.Contains("SIM000006", values);
    }

    [Theory]
    [InlineData("{\"@mt\":\"read {Ssn}\",\"Ssn\":\"990001199001010013\"}")]
    [InlineData("[INF] holder 测试甲 at reader 0")]
    [InlineData("card 990001d156000005000000015a3c19e2")]
    [InlineData("verify with 123456 failed")]
    public void A_line_with_a_leak_is_found(string line)
    {
        var scanner = new LeakScanner([.. LeakScanner.ProfileValues(), "123456"]);

        Assert.NotEmpty(scanner.Scan("test", [line]));
    }

    [Theory]
    [InlineData("{\"@mt\":\"read {Ssn}\",\"Ssn\":\"9900**********0013\"}")]
    [InlineData("[INF] holder 测** at reader 0, card SI*****01")]
    [InlineData("{\"@t\":\"2026-11-29T03:09:24.1234567Z\"}")]
    public void A_masked_line_is_clean(string line)
    {
        var scanner = new LeakScanner([.. LeakScanner.ProfileValues(), "123456"]);

        Assert.Empty(scanner.Scan("test", [line]));
    }
}
