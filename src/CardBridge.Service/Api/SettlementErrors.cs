using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Workflow;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>Settlement workflow failures as gRPC errors (see <c>errors.proto</c>); messages carry no personal data.</summary>
internal static class SettlementErrors
{
    public static RpcException? For(Exception error) => error switch
    {
        InvalidSettlementRequestException invalid => RpcErrors.InvalidRequest(FieldName(invalid.Field), invalid.Rule),
        OfflineLimitExceededException limit => RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.OfflineLimitExceeded, limit.Message,
            (ErrorDomain.Limit, LimitName(limit.Limit))),
        IdempotencyKeyReusedException reused => RpcErrors.Create(StatusCode.AlreadyExists, ErrorReason.IdempotencyKeyReused, reused.Message,
            (ErrorDomain.IdempotencyKey, reused.IdempotencyKey)),
        SettlementInProgressException running => RpcErrors.Create(StatusCode.Aborted, ErrorReason.CallInProgress, running.Message,
            (ErrorDomain.IdempotencyKey, running.IdempotencyKey)),
        CentreRejectedException rejected => RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.CentreRejected,
            "the insurance centre refused the transaction", (ErrorDomain.InfCode, rejected.InfCode.ToString(CultureInfo.InvariantCulture)),
            (ErrorDomain.CentreMessage, rejected.ErrorMessage)),
        SettleOutcomeUnknownException unknown => RpcErrors.Create(StatusCode.Unavailable, ErrorReason.SettlementOutcomeUnknown,
            "the centre may have settled and cannot be asked to reverse it yet; ask again with the same idempotency key",
            (ErrorDomain.MsgId, unknown.Reversal.OriginalMsgId)),
        SettlementNotFoundException notFound => RpcErrors.Create(StatusCode.NotFound, ErrorReason.SettlementNotFound, notFound.Message,
            (ErrorDomain.IdempotencyKey, notFound.IdempotencyKey)),
        SettlementNotReversibleException notReversible => RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.SettlementNotReversible,
            notReversible.Message),
        _ => null,
    };

    /// <summary>The request field as the proto names it (the <c>field</c> of INVALID_REQUEST).</summary>
    private static string FieldName(SettlementRequestField field) => field switch
    {
        SettlementRequestField.IdempotencyKey => "idempotency_key",
        SettlementRequestField.SettlementKey => "settlement_idempotency_key",
        SettlementRequestField.BillScenario => "bill.scenario",
        SettlementRequestField.BillTotal => "bill.total_fen",
        SettlementRequestField.BillLineItemHash => "bill.line_item_hash",
        SettlementRequestField.BillVisitId => "bill.visit_id",
        SettlementRequestField.BillMedicalType => "bill.medical_type",
        SettlementRequestField.BillInsuranceType => "bill.insurance_type",
        SettlementRequestField.Visit => "visit",
        SettlementRequestField.FeeItems => "items",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static string LimitName(OfflineLimit limit) => limit switch
    {
        OfflineLimit.Disabled => "disabled",
        OfflineLimit.Scenario => "scenario",
        OfflineLimit.PerTransaction => "per_transaction",
        OfflineLimit.PerCardPerDay => "per_card_per_day",
        OfflineLimit.TerminalTotal => "terminal_total",
        OfflineLimit.CardRequired => "card_required",
        OfflineLimit.CardRefused => "card_refused",
        _ => throw new ArgumentOutOfRangeException(nameof(limit)),
    };
}
