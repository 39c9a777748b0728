namespace CardBridge.Service.Configuration;

/// <summary>The audit log (section <c>Audit</c>): one JSON line per call, in its own files.</summary>
internal sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>The file path; a date is inserted before the extension and a new file starts each day.</summary>
    public string Path { get; set; } = "logs/audit-.jsonl";

    /// <summary>How many daily files to keep.</summary>
    public int RetainedFiles { get; set; } = 366;

    /// <summary>
    /// Force each line to disk (fsync) before its call is answered, so that not even a power cut loses the line of an
    /// answered call, at the cost of a disk flush on every call's path (a tenth of a millisecond to milliseconds, and
    /// calls wait for each other's). When false, each line is written to the file (the operating system holds it: a
    /// crash or kill of the service loses none) before the call is answered, and forced to disk right after (within
    /// about 10 ms), off the call's path, one flush for all the lines written meanwhile.
    /// </summary>
    public bool SyncEachLine { get; set; }
}
