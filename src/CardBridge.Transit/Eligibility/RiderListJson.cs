using System.Text.Json.Serialization;

namespace CardBridge.Transit.Eligibility;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RiderListDocumentDto), TypeInfoPropertyName = "Document")]
internal sealed partial class RiderListJson : JsonSerializerContext;

internal sealed class RiderListDocumentDto
{
    public List<RiderListDto?>? Lists { get; set; }
}

internal sealed class RiderListDto
{
    public string? Name { get; set; }

    public string? Version { get; set; }

    public DateTimeOffset? SyncedAt { get; set; }

    public List<string>? Entries { get; set; }
}
