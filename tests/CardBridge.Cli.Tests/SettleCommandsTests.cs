using CardBridge.Cli.Tests.Fakes;

namespace CardBridge.Cli.Tests;

/// <summary><c>cardbridge settle pre|pay|reverse</c> against the real service in simulator mode.</summary>
[Trait("Category", "Integration")]
public sealed class SettleCommandsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // The simulator grants loopback callers identity, pin and admin; a counter clerk's CLI needs settlement too.
    private const string WithSettlement = "--Security:LocalScopes:4=settlement";

    private static async Task<CliRun> RunAsync(SimulatedService service, params string[] args)
    {
        var cli = new CliRun();
        var exit = await cli.InvokeAsync([.. args, "--endpoint", service.Address]).WaitAsync(Patience);
        Assert.True(exit == 0, $"cardbridge {string.Join(' ', args)} exited {exit}: {cli.Error.Text}{cli.Out.Text}");
        return cli;
    }

    [Fact]
    public async Task A_counter_pre_settles_pays_once_per_key_and_reverses_by_hand()
    {
        await using var service = await SimulatedService.StartAsync(WithSettlement);
        string[] patient = ["--voucher", "SIMEC-SIM000001", "--total-fen", "1500"];

        var quote = QrOverSimulatorTests.TableRows((await RunAsync(service, ["settle", "pre", .. patient])).Out.Text);
        var paid = QrOverSimulatorTests.TableRows((await RunAsync(service, ["settle", "pay", "--key", "CLI-1", .. patient])).Out.Text);
        var again = QrOverSimulatorTests.TableRows((await RunAsync(service, ["settle", "pay", "--key", "CLI-1", .. patient])).Out.Text);
        var reversed = await RunAsync(service, "settle", "reverse", "--key", "CLI-R1", "--settlement-key", "CLI-1");

        Assert.Equal("9.00 yuan", quote["fund"]);
        Assert.Equal("9.00 yuan", quote["pooled fund"]);
        Assert.Equal(("online", "no"), (paid["mode"], paid["replayed"]));
        Assert.Equal((paid["settlement id"], "yes"), (again["settlement id"], again["replayed"]));
        Assert.StartsWith($"reversed {paid["settlement id"]}: 15.00 yuan given back", reversed.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_region_patient_is_priced_by_their_own_area_from_the_identity_document()
    {
        await using var service = await SimulatedService.StartAsync(WithSettlement);

        var quote = QrOverSimulatorTests.TableRows((await RunAsync(
            service, "settle", "pre", "--id-number", "994403199203030035", "--name", "测试丙", "--total-fen", "60000")).Out.Text);

        // 440300: 500.00 yuan deductible, then 80 % of the 100.00 above it.
        Assert.Equal("500.00 yuan", quote["deductible"]);
        Assert.Equal("80.00 yuan", quote["pooled fund"]);
    }
}
