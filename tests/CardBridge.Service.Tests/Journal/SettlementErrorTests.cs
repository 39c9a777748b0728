using CardBridge.Journal;
using CardBridge.Service.Api;
using CardBridge.Service.Tests.Security;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Workflow;
using Grpc.Core;

namespace CardBridge.Service.Tests.Journal;

public sealed class SettlementErrorTests
{
    [Theory]
    [InlineData(JournalUnavailableReason.DiskFull, "disk_full")]
    [InlineData(JournalUnavailableReason.ReadOnly, "read_only")]
    [InlineData(JournalUnavailableReason.Locked, "locked")]
    [InlineData(JournalUnavailableReason.SchemaTooNew, "schema_too_new")]
    public void Unavailable_journal_is_UNAVAILABLE_JOURNAL_UNAVAILABLE_with_its_reason(JournalUnavailableReason reason, string expected)
    {
        var error = RpcErrors.ForSettlementFailure(new JournalUnavailableException(reason, "/var/lib/cardbridge/journal/journal.db: failed"));

        var info = ApiKeyClient.AssertError(Assert.IsType<RpcException>(error), StatusCode.Unavailable, "JOURNAL_UNAVAILABLE");
        Assert.Equal(expected, info.Metadata["journal_reason"]);
        Assert.DoesNotContain("/var/lib", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_journal_file_is_DATA_LOSS_JOURNAL_CORRUPT()
    {
        var error = RpcErrors.ForSettlementFailure(new JournalUnavailableException(JournalUnavailableReason.Corrupt, "not a database"));

        ApiKeyClient.AssertError(Assert.IsType<RpcException>(error), StatusCode.DataLoss, "JOURNAL_CORRUPT");
    }

    [Fact]
    public void Unreachable_centre_is_UNAVAILABLE_CENTRE_UNAVAILABLE()
    {
        var error = RpcErrors.ForSettlementFailure(new CentreUnavailableException("connection refused"));

        ApiKeyClient.AssertError(Assert.IsType<RpcException>(error), StatusCode.Unavailable, "CENTRE_UNAVAILABLE");
    }

    [Theory]
    [InlineData(SettlementRequestField.IdempotencyKey, "idempotency_key")]
    [InlineData(SettlementRequestField.SettlementKey, "settlement_idempotency_key")]
    [InlineData(SettlementRequestField.BillScenario, "bill.scenario")]
    [InlineData(SettlementRequestField.BillTotal, "bill.total_fen")]
    [InlineData(SettlementRequestField.BillLineItemHash, "bill.line_item_hash")]
    [InlineData(SettlementRequestField.BillVisitId, "bill.visit_id")]
    [InlineData(SettlementRequestField.BillMedicalType, "bill.medical_type")]
    [InlineData(SettlementRequestField.BillInsuranceType, "bill.insurance_type")]
    public void A_request_outside_the_settlement_limits_is_INVALID_REQUEST_naming_the_proto_field(SettlementRequestField field, string expected)
    {
        var error = RpcErrors.ForSettlementFailure(new InvalidSettlementRequestException(field, "up to 8 printable characters"));

        var info = ApiKeyClient.AssertError(Assert.IsType<RpcException>(error), StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal(expected, info.Metadata["field"]);
        Assert.Equal($"{expected}: up to 8 printable characters", error.Status.Detail);
    }

    [Fact]
    public void Failures_outside_the_settlement_layer_are_not_mapped()
    {
        Assert.Null(RpcErrors.ForSettlementFailure(new InvalidOperationException("a bug")));
    }
}
