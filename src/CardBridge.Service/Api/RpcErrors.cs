using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cards;
using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;
using CardBridge.Journal;
using CardBridge.Qr;
using CardBridge.Service.Credentials;
using CardBridge.Settlement.Centre;
using CardBridge.Terminal;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>
/// The one place domain failures become gRPC errors: a status code plus a <c>google.rpc.ErrorInfo</c> whose
/// reason clients switch on (see <c>errors.proto</c>). Messages carry no personal data.
/// </summary>
internal static class RpcErrors
{
    public static RpcException Create(StatusCode code, ErrorReason reason, string message, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Domain = ErrorDomain.Name, Reason = NameOf(reason) };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value;
        }
        var status = new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        return status.ToRpcException();
    }

    /// <summary>The reason as the proto spells it (<c>CARD_REMOVED</c>), which is what clients compare.</summary>
    public static string NameOf(ErrorReason reason) =>
        ErrorsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("ErrorReason").FindValueByNumber((int)reason)?.Name ?? throw new ArgumentOutOfRangeException(nameof(reason));

    public static RpcException InvalidRequest(string field, string message) =>
        Create(StatusCode.InvalidArgument, ErrorReason.InvalidRequest, $"{field}: {message}", (ErrorDomain.Field, field));

    public static RpcException SessionEnded(Guid sessionId) =>
        Create(StatusCode.FailedPrecondition, ErrorReason.CardRemoved, "the card of this session has left the reader",
            (ErrorDomain.SessionId, sessionId.ToString()));

    /// <summary>The error for a failure of card work on <paramref name="sessionId"/>; null for failures that are not the card's (bugs, cancellation).</summary>
    public static RpcException? ForCardFailure(Exception error, Guid? sessionId)
    {
        var session = sessionId is { } id ? new[] { (ErrorDomain.SessionId, id.ToString()) } : [];
        return error switch
        {
            SessionEndedException ended => SessionEnded(ended.SessionId),
            CardRemovedException => Create(StatusCode.FailedPrecondition, ErrorReason.CardRemoved, "the card left the reader", session),
            WrongPinException wrong => Create(StatusCode.FailedPrecondition, ErrorReason.WrongPin,
                $"wrong PIN, {wrong.TriesLeft} tries left", [(ErrorDomain.TriesLeft, wrong.TriesLeft.ToString(CultureInfo.InvariantCulture)), .. session]),
            PinBlockedException => Create(StatusCode.FailedPrecondition, ErrorReason.PinBlocked, "the PIN is blocked", session),
            CardExpiredException expired => Create(StatusCode.FailedPrecondition, ErrorReason.CardExpired, expired.Message, session),
            CardNotGenuineException => Create(StatusCode.FailedPrecondition, ErrorReason.CardNotGenuine,
                "the card failed the genuine-card check", session),
            Cards.Financial.FinancialApplicationNotFoundException => Create(StatusCode.FailedPrecondition, ErrorReason.NoBankApplication,
                "the card has no UnionPay application", session),
            NotASocialSecurityCardException notSsc => Create(StatusCode.FailedPrecondition, ErrorReason.NotSocialSecurityCard,
                $"not a social security card: {notSsc.Message}", session),
            Cards.Pin.PinEntryCancelledException => Create(StatusCode.Aborted, ErrorReason.PinEntryCancelled, error.Message,
                [(ErrorDomain.PinEntry, "cancelled"), .. session]),
            Cards.Pin.PinEntryTimeoutException => Create(StatusCode.Aborted, ErrorReason.PinEntryCancelled, error.Message,
                [(ErrorDomain.PinEntry, "timed_out"), .. session]),
            Cards.Pin.PinConfirmationMismatchException => Create(StatusCode.Aborted, ErrorReason.PinConfirmationMismatch, error.Message, session),
            Cards.Pin.SecureMessagingException => Create(StatusCode.FailedPrecondition, ErrorReason.SecureMessagingRejected,
                $"the card refused the secure-messaging MAC: {error.Message}", session),
            CardMuteException or CardDataException or ApduFormatException or TlvFormatException => Create(StatusCode.FailedPrecondition,
                ErrorReason.CardUnreadable, $"the card could not be read: {error.Message}", session),
            CardCommandException command => Create(StatusCode.Internal, ErrorReason.CardError, command.Message,
                [(ErrorDomain.StatusWord, command.StatusWord.ToString()), .. session]),
            StatusWordException word => Create(StatusCode.Internal, ErrorReason.CardError, word.Message,
                [(ErrorDomain.StatusWord, word.StatusWord.ToString()), .. session]),
            AuthenticationUnavailableException => Create(StatusCode.Unavailable, ErrorReason.AuthenticationUnavailable, error.Message, session),
            ReaderServiceLostException => Create(StatusCode.Unavailable, ErrorReason.ReaderUnavailable,
                "the PC/SC service is not available", session),
            CardResetException => Create(StatusCode.FailedPrecondition, ErrorReason.CardRemoved,
                "the card was reset or left the reader", session),
            ReaderException reader => Create(StatusCode.Unavailable, ErrorReason.ReaderUnavailable, $"the reader failed: {reader.Code}", session),
            _ => null,
        };
    }

    /// <summary>
    /// The error for a failure of the settlement layer (journal, centre); null for anything else. Messages are the
    /// service's own: the layer's may name a file path or a centre answer.
    /// </summary>
    public static RpcException? ForSettlementFailure(Exception error) => error switch
    {
        JournalUnavailableException { Reason: JournalUnavailableReason.Corrupt } => Create(StatusCode.DataLoss, ErrorReason.JournalCorrupt,
            "the journal file is damaged or not a journal"),
        JournalUnavailableException unavailable => Create(StatusCode.Unavailable, ErrorReason.JournalUnavailable,
            $"the journal cannot be used: {SnakeCase(unavailable.Reason.ToString())}", (ErrorDomain.JournalReason, SnakeCase(unavailable.Reason.ToString()))),
        JournalIntegrityException integrity => Create(StatusCode.DataLoss, ErrorReason.JournalCorrupt,
            $"journal record {integrity.Sequence} does not authenticate", (ErrorDomain.Sequence, integrity.Sequence.ToString(CultureInfo.InvariantCulture))),
        CentreUnavailableException or CentreProtocolException => Create(StatusCode.Unavailable, ErrorReason.CentreUnavailable,
            "the insurance centre cannot be reached"),
        _ => SettlementErrors.For(error),
    };

    /// <summary>
    /// The error for a refused code — the one mapping from the QR layer's reasons to QR_* (a refusal is the holder's
    /// code, FAILED_PRECONDITION; a platform that cannot be asked is UNAVAILABLE).
    /// </summary>
    public static RpcException ForCodeRefusal(QrException error, string scanner, CodeKind kind)
    {
        var metadata = kind == CodeKind.Unrecognised
            ? new[] { (ErrorDomain.Scanner, scanner) }
            : [(ErrorDomain.Scanner, scanner), (ErrorDomain.CodeKind, CodeMapper.KindName(kind))];
        var reason = ReasonOf(error);
        var (code, message) = reason switch
        {
            ErrorReason.QrExpired => (StatusCode.FailedPrecondition, "the code has expired: refresh it in the app"),
            ErrorReason.QrBadSignature => (StatusCode.FailedPrecondition, "the code's signature does not verify"),
            ErrorReason.QrReplayed => (StatusCode.FailedPrecondition, "the code was already used"),
            ErrorReason.QrUnknownIssuer => (StatusCode.FailedPrecondition, "this terminal does not accept codes of this issuer or kind"),
            ErrorReason.QrMalformed => (StatusCode.FailedPrecondition, "the scanned text is not a code this terminal can read"),
            _ => (StatusCode.Unavailable, "the code could not be verified now; it was not used up"),
        };
        return Create(code, reason, message, metadata);
    }

    /// <summary>The QR_* reason of a refused code, for errors and QrScanned events alike.</summary>
    public static ErrorReason ReasonOf(QrException error) => error switch
    {
        QrRejectedException { Reason: QrErrorReason.Expired } => ErrorReason.QrExpired,
        QrRejectedException { Reason: QrErrorReason.BadSignature } => ErrorReason.QrBadSignature,
        QrRejectedException { Reason: QrErrorReason.Replayed } => ErrorReason.QrReplayed,
        QrRejectedException { Reason: QrErrorReason.UnknownIssuer } => ErrorReason.QrUnknownIssuer,
        QrRejectedException => ErrorReason.QrMalformed,
        _ => ErrorReason.QrVerifierUnavailable,
    };

    public static RpcException CredentialUnknown(string credentialId) =>
        Create(StatusCode.FailedPrecondition, ErrorReason.CredentialUnknown, "no code credential has this id (unknown or lapsed): present the code again",
            (ErrorDomain.CredentialId, credentialId));

    public static RpcException CredentialNotAccepted(string credentialId, CodeKind kind, string why) =>
        Create(StatusCode.FailedPrecondition, ErrorReason.CredentialNotAccepted, why,
            (ErrorDomain.CredentialId, credentialId), (ErrorDomain.CodeKind, CodeMapper.KindName(kind)));

    private static string SnakeCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
