namespace CardBridge.Settlement.Tests;

public sealed class SettlementExceptionTests
{
    [Fact]
    public void Settlement_error_keeps_its_cause()
    {
        var cause = new TimeoutException("centre silent");

        var error = new SettlementException("pre-settle failed", cause);

        Assert.Same(cause, error.InnerException);
        Assert.Equal("pre-settle failed", error.Message);
    }
}
