using CardBridge.Api.V1;
using CardBridge.Qr.Sources;
using CardBridge.Service.Credentials;
using CardBridge.Terminal;
using Google.Protobuf;
using CardInserted = CardBridge.Api.V1.CardInserted;
using CardRemoved = CardBridge.Api.V1.CardRemoved;
using ProtoEvent = CardBridge.Api.V1.ReaderEvent;
using ReaderAttached = CardBridge.Api.V1.ReaderAttached;
using ReaderDetached = CardBridge.Api.V1.ReaderDetached;
using ServiceLost = CardBridge.Api.V1.ServiceLost;
using ServiceRestored = CardBridge.Api.V1.ServiceRestored;
using Google.Protobuf.WellKnownTypes;

namespace CardBridge.Service.Api;

/// <summary>Terminal events → <see cref="ProtoEvent"/>; no personal data crosses.</summary>
internal static class EventMapper
{
    public static ProtoEvent? ToProto(TerminalEvent change, DateTimeOffset time)
    {
        var result = new ProtoEvent { Time = Timestamp.FromDateTimeOffset(time) };
        switch (change)
        {
            case ReaderAttachedEvent attached:
                result.ReaderAttached = new ReaderAttached { Reader = attached.Reader };
                break;
            case ReaderDetachedEvent detached:
                result.ReaderDetached = new ReaderDetached { Reader = detached.Reader };
                break;
            case CardInsertedEvent inserted:
                result.CardInserted = new CardInserted { Reader = inserted.Reader, Atr = ByteString.CopyFrom(inserted.Atr.Span) };
                break;
            case CardRemovedEvent removed:
                result.CardRemoved = new CardRemoved { Reader = removed.Reader };
                if (removed.SessionId is { } id)
                {
                    result.CardRemoved.SessionId = id.ToString();
                }
                break;
            case SessionReadyEvent ready:
                result.SessionReady = new SessionReady
                {
                    Reader = ready.Session.Reader,
                    SessionId = ready.Session.Id.ToString(),
                    Kind = IdentityMapper.KindOf(ready.Session.Recognition.Generation),
                    IdentityRead = ready.Session.Identity is not null,
                };
                break;
            case CardUnreadableEvent unreadable:
                result.CardUnreadable = new CardUnreadable { Reader = unreadable.Reader, Detail = unreadable.Error.Message };
                break;
            case ServiceLostEvent lost:
                result.ServiceLost = new ServiceLost { Detail = lost.Reason };
                break;
            case ServiceRestoredEvent:
                result.ServiceRestored = new ServiceRestored();
                break;
            case PinPadPromptEvent prompt:
                result.PinPadPrompt = new PinPadPrompt
                {
                    Reader = prompt.Reader,
                    SessionId = prompt.SessionId.ToString(),
                    Stage = prompt.Stage == Terminal.PinPadStage.EnterPin ? CardBridge.Api.V1.PinPadStage.EnterPin : CardBridge.Api.V1.PinPadStage.Done,
                };
                break;
            default:
                return null;
        }
        return result;
    }

    /// <summary>The reader an event is about; null for service-wide events.</summary>
    public static ProtoEvent ToProto(Settlement.Centre.CentreConnectivityChangedEventArgs change) => new()
    {
        Time = Timestamp.FromDateTimeOffset(change.ChangedAt),
        CentreConnectivity = new CentreConnectivityChanged { Online = change.Current == Settlement.Centre.CentreConnectivity.Online },
    };

    /// <summary>A verified (or refused) code; null while it is still being verified.</summary>
    public static ProtoEvent? ToProto(CodePresentation code, DateTimeOffset time)
    {
        if (code.Outcome is not { } outcome)
        {
            return null;
        }
        var scanned = new QrScanned
        {
            Scanner = code.Scanner,
            Kind = CodeMapper.KindOf(outcome.Kind),
            ScannedAt = Timestamp.FromDateTimeOffset(code.ScannedAt),
        };
        if (outcome.Credential is { } credential)
        {
            scanned.CredentialId = credential.Id.ToString();
        }
        else
        {
            scanned.Refused = RpcErrors.ReasonOf(outcome.Error!);
        }
        return new ProtoEvent { Time = Timestamp.FromDateTimeOffset(time), QrScanned = scanned };
    }

    public static ProtoEvent ToProto(QrSourceConnectivityEventArgs change) => ToProto(change.Scanner, change.Connectivity == QrSourceConnectivity.Connected, change.At);

    public static ProtoEvent ToProto(string scanner, bool connected, DateTimeOffset time) => new()
    {
        Time = Timestamp.FromDateTimeOffset(time),
        ScannerConnectivity = new ScannerConnectivityChanged { Scanner = scanner, Connected = connected },
    };

    public static string? ReaderOf(TerminalEvent change) => change switch
    {
        ReaderAttachedEvent e => e.Reader,
        ReaderDetachedEvent e => e.Reader,
        CardInsertedEvent e => e.Reader,
        CardRemovedEvent e => e.Reader,
        SessionReadyEvent e => e.Session.Reader,
        CardUnreadableEvent e => e.Reader,
        PinPadPromptEvent e => e.Reader,
        _ => null,
    };
}
