using CardBridge.HardwareSim.Centre;
using CardBridge.Simulation.Centre;

namespace CardBridge.HardwareSim.Tests.Centre;

/// <summary>The <c>centre</c> command's console: a rider list change it publishes is the simulated centre's next version.</summary>
public sealed class CentreConsoleTests
{
    [Theory]
    [InlineData("list add hot transit/ordinary", "ok list hot sim-2")]
    [InlineData("list add student SIMSTU001", "ok list student sim-1")]
    [InlineData("list remove hot transit/hotlisted", "ok list hot sim-2")]
    [InlineData("list add hot transit/nobody", "error unknown rider transit/nobody")]
    public async Task The_console_publishes_a_list_change(string command, string expected)
    {
        await using var centre = SimulatedCentre.Start(new SimulatedCentreOptions());

        var answer = new CentreConsole(centre).Execute(command);

        Assert.Equal(expected, answer);
        if (expected.StartsWith("ok list hot", StringComparison.Ordinal))
        {
            Assert.Equal("sim-2", centre.RiderListVersion("hot"));
        }
    }
}
