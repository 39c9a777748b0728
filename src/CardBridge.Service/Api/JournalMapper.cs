using CardBridge.Journal;
using CardBridge.Settlement.Upload;
using Google.Protobuf.WellKnownTypes;
using V1 = CardBridge.Api.V1;

namespace CardBridge.Service.Api;

/// <summary>Journal values → proto messages. A record's personal fields are never read here, so none can leak out.</summary>
internal static class JournalMapper
{
    public static V1.JournalRecord ToProto(JournalRecord record)
    {
        var message = new V1.JournalRecord
        {
            Sequence = record.Sequence,
            Uuid = record.Id.ToString("D"),
            Kind = record.Kind.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
            TerminalId = record.TerminalId,
            Amounts = new V1.JournalAmounts
            {
                TotalFen = record.Amounts.TotalFen,
                AccountFen = record.Amounts.AccountFen,
                PooledFen = record.Amounts.PooledFen,
                SelfPayFen = record.Amounts.SelfPayFen,
            },
            LineItemHashHex = Convert.ToHexString(record.LineItemHash.Span),
            TacPresent = !record.CardTac.IsEmpty,
            State = ToProto(record.Status.State),
            CentreReference = record.Status.CentreReference ?? "",
            RejectCode = record.Status.RejectCode ?? "",
            RejectReason = record.Status.RejectReason ?? "",
        };
        if (record.Status.ChangedAt is { } changedAt)
        {
            message.StateChangedAt = Timestamp.FromDateTimeOffset(changedAt);
        }
        return message;
    }

    public static V1.JournalRecordState ToProto(JournalState state) => state switch
    {
        JournalState.Pending => V1.JournalRecordState.Pending,
        JournalState.Uploaded => V1.JournalRecordState.Uploaded,
        JournalState.Rejected => V1.JournalRecordState.Rejected,
        JournalState.AwaitingCard => V1.JournalRecordState.AwaitingCard,
        JournalState.Voided => V1.JournalRecordState.Voided,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a journal state"),
    };

    /// <summary>The state a List request filters on; null for every state.</summary>
    public static JournalState? FromProto(V1.JournalRecordState state) => state switch
    {
        V1.JournalRecordState.Unspecified => null,
        V1.JournalRecordState.Pending => JournalState.Pending,
        V1.JournalRecordState.Uploaded => JournalState.Uploaded,
        V1.JournalRecordState.Rejected => JournalState.Rejected,
        V1.JournalRecordState.AwaitingCard => JournalState.AwaitingCard,
        V1.JournalRecordState.Voided => JournalState.Voided,
        _ => throw RpcErrors.InvalidRequest("state", $"{(int)state} is not a journal record state"),
    };

    public static V1.CentreConnectivity ToProto(Settlement.Centre.CentreConnectivity connectivity) => connectivity switch
    {
        Settlement.Centre.CentreConnectivity.Online => V1.CentreConnectivity.Online,
        Settlement.Centre.CentreConnectivity.Offline => V1.CentreConnectivity.Offline,
        _ => V1.CentreConnectivity.Unspecified,
    };

    public static V1.UploadRound ToProto(UploadRound round, DateTimeOffset completedAt)
    {
        var message = new V1.UploadRound
        {
            Uploaded = round.Uploaded,
            Rejected = round.Rejected,
            CompletedAt = Timestamp.FromDateTimeOffset(completedAt),
        };
        if (round.StoppedAt is { } stoppedAt)
        {
            message.StoppedAtSequence = stoppedAt;
        }
        return message;
    }

    public static V1.VerifyChainResponse ToProto(ChainVerification verification)
    {
        var message = new V1.VerifyChainResponse
        {
            Intact = verification.IsIntact,
            Fault = verification.Fault switch
            {
                ChainFault.None => V1.ChainFault.None,
                ChainFault.Edited => V1.ChainFault.Edited,
                ChainFault.Missing => V1.ChainFault.Missing,
                ChainFault.Reordered => V1.ChainFault.Reordered,
                ChainFault.BadHmac => V1.ChainFault.BadHmac,
                _ => throw new ArgumentOutOfRangeException(nameof(verification), verification.Fault, "not a chain fault"),
            },
            RecordsChecked = verification.RecordsChecked,
            Detail = verification.Detail,
        };
        if (verification.FirstBadSequence is { } first)
        {
            message.FirstBadSequence = first;
        }
        return message;
    }
}
