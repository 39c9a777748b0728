using CardBridge.Service.Configuration;
using CardBridge.Service.Observability;

namespace CardBridge.Service.Tests.Observability;

public sealed class AdminListenerOptionsValidatorTests
{
    private static List<string> Failures(AdminListenerOptions admin) =>
        new AdminListenerOptionsValidator().Validate(null, new ListenerOptions { Admin = admin }).Failures?.ToList() ?? [];

    [Fact]
    public void The_admin_listener_is_off_by_default_and_then_needs_nothing()
    {
        var admin = new ListenerOptions().Admin;

        Assert.False(admin.Enabled);
        Assert.Empty(Failures(admin));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Plaintext_on_a_loopback_address_is_accepted(string address) =>
        Assert.Empty(Failures(new AdminListenerOptions { Address = address, Port = 9464 }));

    [Fact]
    public void Plaintext_on_a_network_address_is_refused_naming_the_key_and_the_way_out()
    {
        var failure = Assert.Single(Failures(new AdminListenerOptions { Address = "0.0.0.0", Port = 9464 }));

        Assert.StartsWith("Listeners:Admin:Address:", failure, StringComparison.Ordinal);
        Assert.Contains("Listeners:Admin:CertificatePath", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_address_with_certificate_files_that_do_not_exist_names_both_keys()
    {
        var failures = Failures(new AdminListenerOptions { Address = "0.0.0.0", Port = 9464, CertificatePath = "/nonexistent/c.pem", KeyPath = "/nonexistent/k.pem" });

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Listeners:Admin:CertificatePath:", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Listeners:Admin:KeyPath:", failures[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(65536)]
    public void A_port_outside_the_range_is_refused(int port) =>
        Assert.StartsWith("Listeners:Admin:Port:", Assert.Single(Failures(new AdminListenerOptions { Port = port })), StringComparison.Ordinal);
}
