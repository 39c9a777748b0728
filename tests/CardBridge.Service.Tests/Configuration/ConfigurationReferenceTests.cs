using System.Reflection;
using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Configuration;

/// <summary>docs/operations/configuration.md is what the generator makes from the options classes, so it stays true.</summary>
public sealed class ConfigurationReferenceTests
{
    [Fact]
    public void Checked_in_configuration_reference_is_what_the_options_classes_generate()
    {
        var path = RepositoryRoot.Combine(ConfigurationReference.RelativePath.Split('/'));
        var generated = ConfigurationReference.Generate();
        if (Environment.GetEnvironmentVariable("CARDBRIDGE_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        var checkedIn = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : "";

        Assert.True(checkedIn == generated,
            $"{ConfigurationReference.RelativePath} is out of date; regenerate it with CARDBRIDGE_WRITE_DOCS=1 dotnet test tests/CardBridge.Service.Tests --filter ConfigurationReference");
    }

    [Fact]
    public void Every_options_class_with_a_section_of_the_service_is_in_the_reference()
    {
        var bound = typeof(CardBridge.Service.Configuration.QrOptions).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal)
                && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .Select(t => t.FullName);

        var documented = ConfigurationReference.Sections.Select(s => s.Options.FullName).ToHashSet();

        Assert.All(bound, name => Assert.Contains(name, documented));
    }

    [Theory]
    [InlineData("Journal:EncryptionKey")]
    [InlineData("Security:Clients:N:ApiKeyHashes:N")]
    [InlineData("Qr:Serial:N:Framing:Suffix")]
    [InlineData("Qr:Transit:RootPublicKeys:INDEX")]
    [InlineData("Settlement:OfflineMaxPerTransactionFen")]
    [InlineData("Centre:ServiceUri")]
    [InlineData("Listeners:Web:HostNames:N")]
    [InlineData("Web:Origins:N:Scopes:N")]
    public void Reference_lists_nested_and_collection_keys(string key)
    {
        Assert.Contains($"| `{key}` |", ConfigurationReference.Generate(), StringComparison.Ordinal);
    }
}
