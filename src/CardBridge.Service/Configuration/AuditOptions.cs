namespace CardBridge.Service.Configuration;

/// <summary>The audit log (section <c>Audit</c>): one JSON line per call, in its own files.</summary>
internal sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>The file path; a date is inserted before the extension and a new file starts each day.</summary>
    public string Path { get; set; } = "logs/audit-.jsonl";

    /// <summary>How many daily files to keep.</summary>
    public int RetainedFiles { get; set; } = 366;
}
