using Microsoft.Extensions.Logging;

namespace CardBridge.Settlement.Workflow;

/// <summary>What the settlement workflow logs, under <see cref="SettlementWorkflow"/>'s category; keys and sequences only, never personal data.</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement {Key} completed {Mode}, {TotalFen} fen")]
    public static partial void LogSettled(ILogger logger, string key, string mode, long totalFen);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement {Key}: the centre cannot be reached ({Detail}); trying offline")]
    public static partial void LogGoingOffline(ILogger logger, string key, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline settlement in journal record {Sequence}: the card may or may not hold it ({Detail}); the record stands without the card's proof")]
    public static partial void LogCardUncertain(ILogger logger, long sequence, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline settlement in journal record {Sequence} voided: the card write failed ({Reason})")]
    public static partial void LogVoided(ILogger logger, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal record {Sequence} was left awaiting its card by a stopped process; released as pending without the card's proof")]
    public static partial void LogReleased(ILogger logger, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unfinished settlement {Key} {How}")]
    public static partial void LogResolved(ILogger logger, string key, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unfinished settlement {Key} cannot be resolved yet: {Detail}")]
    public static partial void LogStillUnresolved(ILogger logger, string key, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement {Key} reversed, {RefundedFen} fen given back")]
    public static partial void LogReversed(ILogger logger, string key, long refundedFen);
}
