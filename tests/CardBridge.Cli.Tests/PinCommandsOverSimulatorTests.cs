using System.Globalization;
using CardBridge.Cli.Tests.Fakes;

namespace CardBridge.Cli.Tests;

/// <summary><c>cardbridge pin status|change|unblock|reload</c> against the real service in simulator mode (third-gen card and PSAM).</summary>
[Trait("Category", "Integration")]
public sealed class PinCommandsOverSimulatorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<(int Exit, CliRun Cli)> InvokeAsync(SimulatedService service, string stdin, params string[] args)
    {
        var cli = new CliRun(stdin);
        var exit = await cli.InvokeAsync([.. args, "--reader", SimulatedService.Reader0, "--endpoint", service.Address]).WaitAsync(Patience);
        return (exit, cli);
    }

    private static async Task<CliRun> RunAsync(SimulatedService service, string stdin, params string[] args)
    {
        var (exit, cli) = await InvokeAsync(service, stdin, args);
        Assert.True(exit == 0, $"cardbridge {string.Join(' ', args)} exited {exit}: {cli.Error.Text}{cli.Out.Text}");
        return cli;
    }

    private static async Task<Dictionary<string, string>> StatusAsync(SimulatedService service) =>
        QrOverSimulatorTests.TableRows((await RunAsync(service, "", "pin", "status")).Out.Text);

    [Fact]
    public async Task A_teller_unblocks_a_blocked_PIN_reloads_a_new_one_and_the_holder_changes_it()
    {
        await using var service = await SimulatedService.StartAsync("--Security:LocalScopes:4=pin.admin");
        var tries = int.Parse((await StatusAsync(service))["tries left"], CultureInfo.InvariantCulture);
        for (var i = 0; i < tries; i++)
        {
            Assert.NotEqual(0, (await InvokeAsync(service, "000000\n", "verify-pin")).Exit);
        }
        Assert.Equal("yes", (await StatusAsync(service))["blocked"]);

        var unblocked = await RunAsync(service, "", "pin", "unblock", "--purpose", "teller 07: ID checked");
        Assert.Contains($"tries left {tries}", unblocked.Out.Text, StringComparison.Ordinal);
        Assert.Equal("no", (await StatusAsync(service))["blocked"]);
        await RunAsync(service, "654321\n654321\n", "pin", "reload", "--purpose", "teller 07: holder forgot the PIN");
        await RunAsync(service, "654321\n112233\n112233\n", "pin", "change");

        Assert.NotEqual(0, (await InvokeAsync(service, "654321\n", "verify-pin")).Exit);
        await RunAsync(service, "112233\n", "verify-pin");
    }

    [Fact]
    public async Task Two_different_new_PINs_send_nothing_and_a_reload_without_pin_admin_is_refused()
    {
        await using var service = await SimulatedService.StartAsync();

        var mismatch = await InvokeAsync(service, "123456\n111111\n222222\n", "pin", "change");
        var refused = await InvokeAsync(service, "654321\n654321\n", "pin", "reload", "--purpose", "teller 07");

        Assert.NotEqual(0, mismatch.Exit);
        Assert.Contains("the two new PINs differ", mismatch.Cli.Error.Text, StringComparison.Ordinal);
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("SCOPE_DENIED", refused.Cli.Error.Text + refused.Cli.Out.Text, StringComparison.Ordinal);
        await RunAsync(service, "123456\n", "verify-pin");
    }
}
