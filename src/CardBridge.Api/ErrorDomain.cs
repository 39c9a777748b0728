namespace CardBridge.Api.V1;

/// <summary>The <c>google.rpc.ErrorInfo</c> conventions every CardBridge error follows (see <c>errors.proto</c>).</summary>
public static class ErrorDomain
{
    /// <summary>The <c>domain</c> of every CardBridge <c>ErrorInfo</c>.</summary>
    public const string Name = "cardbridge.v1";

    /// <summary>Metadata key: how many PIN tries are left (WRONG_PIN).</summary>
    public const string TriesLeft = "tries_left";

    /// <summary>Metadata key: how PIN-pad entry ended, <c>cancelled</c> or <c>timed_out</c> (PIN_ENTRY_CANCELLED).</summary>
    public const string PinEntry = "pin_entry";

    /// <summary>Metadata key: the session a card error is about.</summary>
    public const string SessionId = "session_id";

    /// <summary>Metadata key: the web page origin a request came from (ORIGIN_NOT_ALLOWED).</summary>
    public const string Origin = "origin";

    /// <summary>Metadata key: the <c>Host</c> a web request named (HOST_NOT_ALLOWED).</summary>
    public const string Host = "host";

    /// <summary>Metadata key: the reader a request named.</summary>
    public const string Reader = "reader";

    /// <summary>Metadata key: the scopes that would allow a denied call.</summary>
    public const string RequiredScope = "required_scope";

    /// <summary>Metadata key: the request field that was malformed.</summary>
    public const string Field = "field";

    /// <summary>Metadata key: a card status word the service did not expect.</summary>
    public const string StatusWord = "status_word";

    /// <summary>Metadata key: the offline rule that refused a settlement (OFFLINE_LIMIT_EXCEEDED).</summary>
    public const string Limit = "limit";

    /// <summary>Metadata key: the largest request message the service reads, in bytes (REQUEST_TOO_LARGE).</summary>
    public const string LimitBytes = "limit_bytes";

    /// <summary>Metadata key: the idempotency key a settlement call named.</summary>
    public const string IdempotencyKey = "idempotency_key";

    /// <summary>Metadata key: the insurance centre's answer code (CENTRE_REJECTED).</summary>
    public const string InfCode = "infcode";

    /// <summary>Metadata key: the insurance centre's message (CENTRE_REJECTED).</summary>
    public const string CentreMessage = "centre_message";

    /// <summary>Metadata key: the centre message id of a settle whose outcome is unknown.</summary>
    public const string MsgId = "msg_id";

    /// <summary>Metadata key: why the journal is unavailable (JOURNAL_UNAVAILABLE).</summary>
    public const string JournalReason = "journal_reason";

    /// <summary>Metadata key: the journal record at fault (JOURNAL_CORRUPT).</summary>
    public const string Sequence = "sequence";

    /// <summary>Metadata key: the scanner that read a refused code (QR_*).</summary>
    public const string Scanner = "scanner";

    /// <summary>Metadata key: the kind of code (e_voucher, e_social_security_card, transit) a QR_* or credential error is about.</summary>
    public const string CodeKind = "code_kind";

    /// <summary>Metadata key: the code credential id a call named (CREDENTIAL_UNKNOWN, CREDENTIAL_NOT_ACCEPTED).</summary>
    public const string CredentialId = "credential_id";
}
