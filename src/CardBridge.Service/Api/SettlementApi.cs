using CardBridge.Api.V1;
using CardBridge.Journal;
using CardBridge.Service.Credentials;
using CardBridge.Service.Hosting;
using CardBridge.Service.Observability;
using CardBridge.Service.Security;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Hospital;
using CardBridge.Settlement.Workflow;
using CardBridge.Terminal;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using SettlementScenario = CardBridge.Settlement.Centre.SettlementScenario;

namespace CardBridge.Service.Api;

/// <summary>SettlementService: the gRPC face of <see cref="SettlementWorkflow"/> (and the person lookup of <see cref="HospitalWorkflow"/>), with the card, an e-voucher, a scanned code or an identity document as credential.</summary>
internal sealed class SettlementApi(
    TerminalHost host, SettlementWorkflow workflow, HospitalWorkflow hospital, SettlementSubjects subjects, IOptions<SettlementPolicy> policy,
    ServiceMetrics metrics)
    : SettlementService.SettlementServiceBase
{
    public override async Task<InsuredPerson> GetInsuredPerson(GetInsuredPersonRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var subject = subjects.Of(request.Credential, context, out _);
        var person = await hospital.GetInsuredPersonAsync(subject, VisitMapper.ContextFrom(request.Context).Operator, context.CancellationToken);
        // The centre's record names the person: as everywhere, name and ID number only for a caller with identity.full.
        return VisitMapper.PersonOf(person, AccessInterceptor.CallerOf(context).Has(Scopes.IdentityFull));
    }

    public override async Task<PreSettleResponse> PreSettle(PreSettleRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var bill = BillFrom(request.Bill);
        var subject = subjects.Of(request.Credential, context, out _);
        var quote = await workflow.PreSettleAsync(subject, bill, context.CancellationToken);
        var response = new PreSettleResponse { Amounts = AmountsOf(quote.Amounts), Breakdown = VisitMapper.BreakdownOf(quote.Breakdown) };
        if (quote.AccountBalanceAfterFen is { } balance)
        {
            response.AccountBalanceAfterFen = balance;
        }
        return response;
    }

    public override async Task<SettleResponse> Settle(SettleRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var key = request.IdempotencyKey;
        // The limits are the workflow's; checked here as well, before the card is touched (no PIN try for a bad request).
        SettlementLimits.CheckKey(key, SettlementRequestField.IdempotencyKey);
        var bill = BillFrom(request.Bill);
        if (request.PinEntryCase == SettleRequest.PinEntryOneofCase.UsePinPad && !request.UsePinPad)
        {
            throw RpcErrors.InvalidRequest("use_pin_pad", "set it or leave pin_entry out");
        }
        using var pin = request.PinEntryCase == SettleRequest.PinEntryOneofCase.Pin ? CardWork.PinFrom(request.Pin, "pin") : null;
        var caller = AccessInterceptor.CallerOf(context);
        var subject = subjects.Of(request.Credential, context, out var session);
        SettlementOutcome outcome;
        if (session is null)
        {
            outcome = await workflow.SettleAsync(caller.ClientId, key, subject, bill, card: null, context.CancellationToken);
        }
        else
        {
            var pinGiven = request.PinEntryCase != SettleRequest.PinEntryOneofCase.None;
            if (policy.Value.RequirePin && !pinGiven)
            {
                throw RpcErrors.InvalidRequest("pin_entry", "a settlement with the card needs the holder's PIN: give pin or set use_pin_pad");
            }
            outcome = await CardWork.OnReaderAsync(host.Terminal, session, async (access, ct) =>
            {
                if (pinGiven)
                {
                    await CardWork.VerifyPinAsync(host.Terminal, access, session, pin, ct);
                }
                var card = host.Psam is { } psam ? new CardOfflineWriter(access, session, psam, pin) : null;
                return await workflow.SettleAsync(caller.ClientId, key, subject, bill, card, ct);
            }, context.CancellationToken);
        }
        if (!outcome.Replayed)
        {
            // A repeated key answers the first result: that settlement was counted when it happened.
            metrics.RecordSettlement(outcome.Offline);
        }
        return ResponseOf(outcome);
    }

    public override async Task<ReverseResponse> Reverse(ReverseRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var caller = AccessInterceptor.CallerOf(context);
        var reversal = await workflow.ReverseAsync(caller.ClientId, request.IdempotencyKey, request.SettlementIdempotencyKey, context.CancellationToken);
        return new ReverseResponse
        {
            SettlementId = reversal.SettlementId,
            Refunded = AmountsOf(reversal.Refunded),
            Replayed = reversal.Replayed,
            ReversedAt = Timestamp.FromDateTimeOffset(reversal.ReversedAt),
        };
    }

    public override async Task<QueryAccountResponse> QueryAccount(QueryAccountRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        using var pin = request.CardPinCase == QueryAccountRequest.CardPinOneofCase.Pin ? CardWork.PinFrom(request.Pin, "pin") : null;
        var pad = request.CardPinCase == QueryAccountRequest.CardPinOneofCase.UsePinPad && request.UsePinPad;
        var subject = subjects.Of(request.Credential, context, out var session);
        if (session is null && (pin is not null || pad))
        {
            throw RpcErrors.InvalidRequest(pin is not null ? "pin" : "use_pin_pad", "the PIN opens a card's records: only with a card credential");
        }
        // The card first: a wrong PIN ends the call before the centre is asked.
        var records = session is null ? null : await CardRecordsOrNullAsync(session, pin, pad, context.CancellationToken);
        var summary = await workflow.QueryAccountAsync(AccessInterceptor.CallerOf(context).ClientId, subject, context.CancellationToken);
        var response = new QueryAccountResponse { CentreReachable = summary.CentreReachable, CardRecords = records };
        if (summary.AccountBalanceFen is { } balance)
        {
            response.AccountBalanceFen = balance;
        }
        foreach (var settled in summary.Recent)
        {
            response.Recent.Add(new SettlementSummary
            {
                IdempotencyKey = settled.IdempotencyKey,
                Offline = settled.Offline,
                Amounts = AmountsOf(settled.Amounts),
                SettledAt = Timestamp.FromDateTimeOffset(settled.SettledAt),
                SettlementId = settled.SettlementId ?? "",
                JournalSequence = settled.JournalSequence ?? 0,
                ReversedBy = settled.ReversedBy ?? "",
            });
        }
        return response;
    }

    // Asked for with a PIN, the records are the point and their errors the caller's; the basics alone are a courtesy
    // next to the centre's answer, left out when the card cannot give them.
    private async Task<MedicalRecordsOnCard?> CardRecordsOrNullAsync(CardSession session, Cards.Pin.PinBuffer? pin, bool pad, CancellationToken cancellationToken)
    {
        try
        {
            return await CardRecords.ReadAsync(host.Terminal, session, pin, pad, cancellationToken);
        }
        catch (RpcException) when (pin is null && !pad)
        {
            return null;
        }
    }

    private static SettlementBill BillFrom(Bill? bill)
    {
        if (bill is null)
        {
            throw RpcErrors.InvalidRequest("bill", "required");
        }
        var scenario = bill.Scenario switch
        {
            CardBridge.Api.V1.SettlementScenario.Outpatient => SettlementScenario.Outpatient,
            CardBridge.Api.V1.SettlementScenario.Pharmacy => SettlementScenario.Pharmacy,
            CardBridge.Api.V1.SettlementScenario.Inpatient => SettlementScenario.Inpatient,
            _ => throw RpcErrors.InvalidRequest("bill.scenario", "outpatient, pharmacy or inpatient"),
        };
        var settlementBill = new SettlementBill(scenario, bill.TotalFen, bill.LineItemHash.ToByteArray())
        {
            VisitId = Optional(bill.VisitId),
            MedicalType = Optional(bill.MedicalType) ?? (scenario == SettlementScenario.Inpatient ? "21" : "11"),
            InsuranceType = Optional(bill.InsuranceType) ?? "310",
            Operator = VisitMapper.ContextFrom(bill.Context, "bill.context").Operator,
        };
        SettlementLimits.CheckBill(settlementBill);
        return settlementBill;
    }

    /// <summary>An unset proto3 string is empty: the bill's default then.</summary>
    private static string? Optional(string value) => value.Length == 0 ? null : value;

    private static Amounts AmountsOf(PaymentSplit amounts) => new()
    {
        TotalFen = amounts.TotalFen,
        FundFen = amounts.PooledFen,
        AccountFen = amounts.AccountFen,
        CashFen = amounts.SelfPayFen,
    };

    private static SettleResponse ResponseOf(SettlementOutcome outcome)
    {
        var response = new SettleResponse
        {
            Offline = outcome.Offline,
            Amounts = AmountsOf(outcome.Amounts),
            SettlementId = outcome.SettlementId ?? "",
            MsgId = outcome.MsgId ?? "",
            JournalSequence = outcome.JournalSequence ?? 0,
            RecordId = outcome.RecordId?.ToString("D") ?? "",
            CardWritten = outcome.CardWritten,
            Replayed = outcome.Replayed,
            SettledAt = Timestamp.FromDateTimeOffset(outcome.SettledAt),
            ReversedBy = outcome.ReversedBy ?? "",
        };
        if (outcome.Breakdown is { } breakdown)
        {
            response.Breakdown = VisitMapper.BreakdownOf(breakdown);
        }
        if (outcome.AccountBalanceAfterFen is { } balance)
        {
            response.AccountBalanceAfterFen = balance;
        }
        return response;
    }
}
