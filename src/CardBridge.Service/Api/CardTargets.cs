using CardBridge.Api.V1;
using CardBridge.Terminal;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>Finds the live session a request's <see cref="CardTarget"/> means, or the typed error why there is none.</summary>
internal static class CardTargets
{
    public const int MaxReaderNameLength = 256;
    private const int SessionIdLength = 36;

    /// <summary>The session <paramref name="target"/> means.</summary>
    /// <param name="terminal">The terminal holding the sessions.</param>
    /// <param name="target">The request's target; null or empty means the card in the only reader holding one.</param>
    /// <param name="field">The target's field path in its request, named by INVALID_REQUEST (e.g. <c>credential.card</c>).</param>
    public static CardSession Resolve(CardTerminal terminal, CardTarget? target, string field = "target")
    {
        switch (target?.TargetCase ?? CardTarget.TargetOneofCase.None)
        {
            case CardTarget.TargetOneofCase.SessionId:
                var id = ParseSessionId(target!.SessionId, field + ".session_id");
                return terminal.TryGetSession(id, out var session) ? session : throw RpcErrors.SessionEnded(id);
            case CardTarget.TargetOneofCase.Reader:
                var reader = RequireReader(terminal, target!.Reader, field + ".reader");
                return reader.SessionId is { } current && terminal.TryGetSession(current, out var inReader)
                    ? inReader
                    : throw NoCard(reader.Name);
            default:
                var withCards = terminal.Readers.Where(r => r.SessionId is not null).ToList();
                return withCards.Count switch
                {
                    0 => throw NoCard(null),
                    1 when terminal.TryGetSession(withCards[0].SessionId!.Value, out var only) => only,
                    1 => throw NoCard(null),
                    _ => throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.ReaderAmbiguous,
                        $"{withCards.Count} readers hold a card; name a reader or a session"),
                };
        }
    }

    // Exactly the 36 characters of the "D" form: Guid parsing alone would also take the id with white space around it.
    public static Guid ParseSessionId(string value, string field) =>
        value.Length == SessionIdLength && Guid.TryParseExact(value, "D", out var id)
            ? id
            : throw RpcErrors.InvalidRequest(field, "not a session id (a UUID such as 5a1d0000-0000-4000-8000-000000000001)");

    /// <summary>The reader named <paramref name="name"/>, or NOT_FOUND / READER_UNAVAILABLE.</summary>
    public static ReaderInfo RequireReader(CardTerminal terminal, string name, string field)
    {
        if (name.Length > MaxReaderNameLength)
        {
            throw RpcErrors.InvalidRequest(field, $"longer than {MaxReaderNameLength} characters");
        }
        return terminal.Readers.FirstOrDefault(r => r.Name == name)
            ?? throw RpcErrors.Create(StatusCode.NotFound, ErrorReason.ReaderUnavailable, "no such reader is attached",
                (ErrorDomain.Reader, name));
    }

    private static RpcException NoCard(string? reader) => reader is null
        ? RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.NoCard, "no reader holds a card that has been read")
        : RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.NoCard, "the reader holds no card that has been read",
            (ErrorDomain.Reader, reader));
}
