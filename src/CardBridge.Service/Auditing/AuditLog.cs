using CardBridge.Service.Configuration;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Serilog;
using CardBridge.Service.Logging;
using Serilog.Formatting.Compact;

namespace CardBridge.Service.Auditing;

/// <summary>
/// The audit trail (DESIGN §4): one JSON line per call — client, RPC, purpose, reader, masked card number,
/// outcome, and the page origin of a web call — in its own daily files, apart from the diagnostic log. Personal data arrives here already masked.
/// Each line is written to the file before <see cref="Write"/> returns, which is before the call is answered, and
/// forced to disk right after or, with <see cref="AuditOptions.SyncEachLine"/>, before (<see cref="DurableAuditFile"/>).
/// </summary>
internal sealed class AuditLog : IDisposable
{
    private readonly Serilog.Core.Logger _logger;
    private readonly TimeProvider _time;

    public AuditLog(IOptions<AuditOptions> options, TimeProvider time)
    {
        var audit = options.Value;
        _time = time;
        _logger = new LoggerConfiguration()
            // No size limit: at its limit the file sink drops lines silently, and an audit trail must not.
            // The purpose is the client's free text: the redaction policy stands in front of this file too.
            .WriteTo.Redacted(sinks => sinks.File(new CompactJsonFormatter(), audit.Path, rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: null, retainedFileCountLimit: audit.RetainedFiles, buffered: false, hooks: new DurableAuditFile(audit.SyncEachLine)))
            .CreateLogger();
    }

    public void Write(AuditEntry entry, StatusCode outcome, string? reason, TimeSpan elapsed)
    {
        _logger.Information(
            "{Client} {Rpc} {Outcome} {Reason} purpose={Purpose} reader={Reader} card={Card} session={Session} origin={Origin} in {ElapsedMs} ms at {At}",
            entry.ClientId, entry.Rpc, outcome.ToString(), reason ?? "", entry.Purpose ?? "", entry.Reader ?? "",
            entry.CardNumberMasked ?? "", entry.SessionId?.ToString() ?? "", entry.Origin ?? "", Math.Round(elapsed.TotalMilliseconds, 2),
            _time.GetUtcNow());
    }

    public void Dispose() => _logger.Dispose();
}
