using System.Text.Json;
using CardBridge.Cli.Tests.Fakes;
using Grpc.Health.V1;

namespace CardBridge.Cli.Tests;

public sealed class SimulatorAndHealthCommandsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_prints_SERVING_and_exits_0_when_serving()
    {
        _server.Health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("health", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        Assert.Equal("SERVING", cli.Out.Text.Trim());
    }

    [Fact]
    public async Task Health_prints_NOT_SERVING_and_exits_1_when_not_serving()
    {
        _server.Health.SetStatus("cardbridge.v1.IdentityService", HealthCheckResponse.Types.ServingStatus.NotServing);
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("health", "--service", "cardbridge.v1.IdentityService", "--endpoint", _server.Address);

        Assert.Equal(1, exit);
        Assert.Equal("NOT_SERVING", cli.Out.Text.Trim());
    }

    [Fact]
    public async Task Sim_profiles_lists_one_profile_per_line()
    {
        _server.Simulator.Profiles = ["third-gen", "expired"];
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("sim", "profiles", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        Assert.Equal(["third-gen", "expired"], cli.Out.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Sim_profiles_json_is_an_object_with_the_profiles()
    {
        _server.Simulator.Profiles = ["third-gen"];
        var cli = new CliRun();

        await cli.InvokeAsync("sim", "profiles", "--json", "--endpoint", _server.Address);

        using var json = JsonDocument.Parse(cli.Out.Text);
        Assert.Equal("third-gen", json.RootElement.GetProperty("profiles")[0].GetString());
    }

    [Fact]
    public async Task Sim_insert_sends_the_reader_and_profile_with_the_api_key()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("sim", "insert", "--reader", "Virtual PCD 00 00", "--profile", "expired", "--api-key", "admin-key", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        var inserted = Assert.Single(_server.Simulator.Inserted);
        Assert.Equal("Virtual PCD 00 00", inserted.Reader);
        Assert.Equal("expired", inserted.Profile);
    }

    [Fact]
    public async Task Sim_keys_sends_the_digits_or_the_cancel_for_the_next_PIN_prompt()
    {
        var cli = new CliRun();

        Assert.Equal(0, await cli.InvokeAsync("sim", "keys", "--reader", "Pad", "--digits", "123456", "--endpoint", _server.Address));
        Assert.Equal(0, await new CliRun().InvokeAsync("sim", "keys", "--reader", "Pad", "--cancel", "--endpoint", _server.Address));

        Assert.Equal(["123456", ""], _server.Simulator.Keys.Select(k => k.Digits));
        Assert.Equal([false, true], _server.Simulator.Keys.Select(k => k.Cancel));
    }

    [Fact]
    public async Task Sim_keys_with_two_entries_is_a_usage_error()
    {
        var exit = await new CliRun().InvokeAsync("sim", "keys", "--reader", "Pad", "--digits", "123456", "--cancel", "--endpoint", _server.Address);

        Assert.Equal(2, exit);
        Assert.Empty(_server.Simulator.Keys);
    }

    [Fact]
    public async Task Sim_remove_sends_the_reader()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("sim", "remove", "--reader", "Virtual PCD 00 01", "--endpoint", _server.Address);

        Assert.Equal(0, exit);
        Assert.Equal("Virtual PCD 00 01", Assert.Single(_server.Simulator.Removed).Reader);
    }

    [Fact]
    public async Task Sim_insert_without_a_profile_is_a_usage_error()
    {
        var cli = new CliRun();

        var exit = await cli.InvokeAsync("sim", "insert", "--reader", "Virtual PCD 00 00", "--endpoint", _server.Address);

        Assert.Equal(2, exit);
        Assert.Empty(_server.Simulator.Inserted);
    }
}
