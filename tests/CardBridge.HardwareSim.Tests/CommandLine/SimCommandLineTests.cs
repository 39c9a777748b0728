using System.CommandLine;
using CardBridge.HardwareSim.CommandLine;

namespace CardBridge.HardwareSim.Tests.CommandLine;

public sealed class SimCommandLineTests
{
    [Fact]
    public async Task Profiles_command_lists_the_profile_names()
    {
        var (code, output, _) = await RunAsync("profiles");

        Assert.Equal(0, code);
        Assert.Contains("third-gen", output.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Contains("psam", output.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Card_command_prints_the_answers_to_each_APDU()
    {
        var (code, output, _) = await RunAsync("card", "--profile", "third-gen", "--apdu",
            "00A404000F7378312E73682EC9E7BBE1B1A3D5CF", "00B2072C00");

        Assert.Equal(0, code);
        Assert.Contains("< 6F1C840F7378312E73682EC9E7BBE1B1A3D5CFA50988011E9F0C03860103 9000", output, StringComparison.Ordinal);
        Assert.Contains("< 0709" + Convert.ToHexString("SIM000001"u8) + " 9000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_command_with_raw_shows_61xx()
    {
        var (_, output, _) = await RunAsync("card", "-p", "third-gen", "--raw", "-a", "00A404000F7378312E73682EC9E7BBE1B1A3D5CF");

        Assert.Contains("<  611E", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "card", "-p", "nope", "-a", "00A40000023F00")]
    [InlineData(1, "card", "-p", "third-gen", "-a", "ZZ")]
    public async Task Card_command_reports_bad_input_with_an_exit_code(int expected, params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(expected, code);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Extra_commands_are_added_to_the_root()
    {
        var root = SimCommandLine.Build([new Command("vcard", "test")]);

        Assert.Equal(["profiles", "card", "vcard"], root.Subcommands.Select(c => c.Name));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SimCommandLine.Build([]).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
