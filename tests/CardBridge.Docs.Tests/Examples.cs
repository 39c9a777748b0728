namespace CardBridge.Docs.Tests;

/// <summary>Runs a guide's example, C# (the built cardbridge-examples) or Python, against a service.</summary>
internal static class Examples
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<string> RunCSharpAsync(SimulatedService service, string guide, string client, params string[] extra)
    {
        var (exitCode, output, error) = await ChildProcess.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cardbridge-examples.dll"), guide,
                "--endpoint", service.Address.ToString(), "--api-key", service.ApiKeys[client], .. extra],
            Timeout);
        Assert.True(exitCode == 0, $"C# {guide} exited {exitCode}:\n{output}\n{error}\nservice:\n{service.Output}");
        return output;
    }

    public static async Task<string> RunPythonAsync(SimulatedService service, string guide, string client, params string[] extra)
    {
        var script = RepositoryRoot.Combine("docs", "examples", "python", guide + ".py");
        var (exitCode, output, error) = await ChildProcess.RunAsync(
            "/usr/bin/python3",
            [script, "--endpoint", service.Target, "--api-key", service.ApiKeys[client], .. extra],
            Timeout);
        Assert.True(exitCode == 0, $"{guide}.py exited {exitCode}:\n{output}\n{error}\nservice:\n{service.Output}");
        return output;
    }

    /// <summary>The output's line that starts with <paramref name="prefix"/>; fails when there is none.</summary>
    public static string Line(string output, string prefix)
    {
        var line = output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"no line starting '{prefix}' in:\n{output}");
        return line;
    }
}
