using Serilog.Core;
using Serilog.Events;

namespace CardBridge.Service.Logging;

/// <summary>Hands every event to the sinks it wraps only after <see cref="LogRedactionPolicy"/> has rewritten it.</summary>
internal sealed class RedactingSink(ILogEventSink inner) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent) => inner.Emit(LogRedactionPolicy.Redact(logEvent));

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
