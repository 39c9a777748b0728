using Grpc.Core;

namespace CardBridge.Cli.Tests.Fakes;

/// <summary>One call as the fake server received it.</summary>
internal sealed record Recorded<TRequest>(TRequest Request, Metadata Headers, DateTime? Deadline);
