using CardBridge.Cli.Tests.Fakes;

namespace CardBridge.Cli.Tests;

/// <summary><c>cardbridge card bank|medical</c> against the real service in simulator mode (a third-gen card with a UnionPay application in reader 0).</summary>
[Trait("Category", "Integration")]
public sealed class CardCommandsOverSimulatorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<CliRun> RunAsync(SimulatedService service, string stdin, params string[] args)
    {
        var cli = new CliRun(stdin);
        var exit = await cli.InvokeAsync([.. args, "--endpoint", service.Address]).WaitAsync(Patience);
        Assert.True(exit == 0, $"cardbridge {string.Join(' ', args)} exited {exit}: {cli.Error.Text}{cli.Out.Text}");
        return cli;
    }

    [Fact]
    public async Task Card_bank_shows_the_PAN_masked_under_bank_masked_and_card_medical_the_log_with_the_PIN()
    {
        await using var service = await SimulatedService.StartAsync("--Security:LocalScopes:4=bank.masked", "--Security:LocalScopes:5=medical.read");

        var bank = QrOverSimulatorTests.TableRows((await RunAsync(service, "", "card", "bank", "--reader", SimulatedService.Reader0, "--purpose", "payout")).Out.Text);
        var basics = QrOverSimulatorTests.TableRows((await RunAsync(service, "", "card", "medical", "--reader", SimulatedService.Reader0)).Out.Text);
        var withPin = (await RunAsync(service, "123456\n", "card", "medical", "--with-pin", "--reader", SimulatedService.Reader0)).Out.Text;

        Assert.Equal("6217 **** **** 0001", bank["pan (masked)"]);
        Assert.Equal("2034-03-01", bank["expiry date"]);
        Assert.Equal("310", basics["insurance type"]);
        Assert.Equal("no", basics["pin verified"]);
        Assert.Equal("yes", QrOverSimulatorTests.TableRows(withPin)["pin verified"]);
        Assert.Contains("999900000001", withPin, StringComparison.Ordinal);
    }
}
