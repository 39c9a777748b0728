using Serilog.Events;

namespace CardBridge.Service.Configuration;

/// <summary>The diagnostic log (section <c>Logs</c>); the audit log has its own section.</summary>
internal sealed class LogOptions
{
    public const string Section = "Logs";

    /// <summary>Rolling JSON files (one per day); none when empty.</summary>
    public string? FilePath { get; set; } = "logs/cardbridge-.json";

    /// <summary>How many daily files to keep.</summary>
    public int RetainedFiles { get; set; } = 31;

    /// <summary>Also write to the console (as JSON when <see cref="ConsoleJson"/>).</summary>
    public bool Console { get; set; } = true;

    public bool ConsoleJson { get; set; }

    /// <summary>The least severe level written (Verbose, Debug, Information, Warning, Error, Fatal).</summary>
    public LogEventLevel MinimumLevel { get; set; } = LogEventLevel.Information;

    /// <summary>Levels per category prefix (<c>Logs:Levels:Microsoft.AspNetCore=Warning</c>), overriding <see cref="MinimumLevel"/>.</summary>
    public Dictionary<string, LogEventLevel> Levels { get; set; } = new(StringComparer.Ordinal)
    {
        ["Microsoft.AspNetCore"] = LogEventLevel.Warning,
        // grpc-dotnet logs every error status at Information, and a request it could not read with its stack trace:
        // the audit file has each call already, and a client must not be able to fill the log (INVALID_REQUEST).
        ["Grpc.AspNetCore.Server"] = LogEventLevel.Warning,
    };
}
