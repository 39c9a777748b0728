namespace CardBridge.Qr.Tests;

public sealed class QrExceptionTests
{
    [Fact]
    public void Keeps_the_cause_it_was_given()
    {
        var cause = new FormatException("bad base64");

        var error = new QrException("code unreadable", cause);

        Assert.Same(cause, error.InnerException);
        Assert.Equal("code unreadable", error.Message);
    }
}
