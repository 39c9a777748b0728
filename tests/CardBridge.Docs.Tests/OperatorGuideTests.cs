using System.Reflection;
using CardBridge.Api.V1;
using Google.Protobuf.Reflection;

namespace CardBridge.Docs.Tests;

/// <summary>docs/operations/operator.md explains every ErrorReason of the contract.</summary>
public sealed class OperatorGuideTests
{
    private static readonly string Guide = File.ReadAllText(RepositoryRoot.Combine("docs", "operations", "operator.md"));

    private static IReadOnlyList<string> ReasonNames { get; } = typeof(ErrorReason)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => field.GetCustomAttribute<OriginalNameAttribute>()!.Name)
        .ToList();

    public static TheoryData<string> Reasons() => new(ReasonNames);

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Troubleshooting_has_an_entry_for_every_error_reason(string reason)
    {
        Assert.Contains($"\n### `{reason}`\n", Guide, StringComparison.Ordinal);
    }

    [Fact]
    public void Troubleshooting_names_every_reason_of_errors_proto()
    {
        var proto = File.ReadAllLines(RepositoryRoot.Combine("protos", "cardbridge", "v1", "errors.proto"));
        var declared = proto.Select(line => line.Trim())
            .Where(line => line.Length > 0 && char.IsUpper(line[0]) && line.Contains(" = ", StringComparison.Ordinal))
            .Select(line => line[..line.IndexOf(' ', StringComparison.Ordinal)])
            .ToList();

        Assert.Equal(ReasonNames.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.All(declared, reason => Assert.Contains($"### `{reason}`", Guide, StringComparison.Ordinal));
    }
}
