namespace CardBridge.Docs.Tests;

/// <summary>The client configuration each guide tells the operator to write is the one its example is tested with.</summary>
public sealed class GuideConfigurationTests
{
    [Theory]
    [InlineData("his", "his")]
    [InlineData("library", "gate")]
    [InlineData("bank", "bank")]
    [InlineData("kiosk", "kiosk")]
    [InlineData("transit", "transit")]
    public void Guide_configures_the_scopes_its_example_runs_with(string guide, string client)
    {
        var scopes = SimulatedService.Clients.Single(c => c.Id == client).Scopes;
        var text = File.ReadAllText(RepositoryRoot.Combine("docs", "guides", guide + ".md"));

        Assert.Contains($"\"Scopes\": [ {string.Join(", ", scopes.Select(s => $"\"{s}\""))} ]", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("his")]
    [InlineData("gate")]
    [InlineData("bank")]
    [InlineData("kiosk")]
    [InlineData("transit")]
    public void Running_the_examples_starts_the_simulator_with_each_client_and_its_scopes(string client)
    {
        var text = File.ReadAllText(RepositoryRoot.Combine("docs", "guides", "README.md"));
        var index = SimulatedService.Clients.ToList().FindIndex(c => c.Id == client);
        var scopes = SimulatedService.Clients[index].Scopes;

        Assert.Contains($"--Security:Clients:{index}:Id={client}", text, StringComparison.Ordinal);
        for (var s = 0; s < scopes.Length; s++)
        {
            Assert.Contains($"--Security:Clients:{index}:Scopes:{s}={scopes[s]}", text, StringComparison.Ordinal);
        }
        Assert.Contains($"--Security:Clients:{index}:ApiKeyHashes:0=", text, StringComparison.Ordinal);
    }
}
