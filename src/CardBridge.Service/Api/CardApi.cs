using CardBridge.Api.V1;
using CardBridge.Cards.Financial;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>
/// CardService: the card's data beyond identity — the bank account reference of its UnionPay application and its own
/// DF04 medical records. The PAN is masked here unless the caller holds <c>bank.full</c>, and never logged.
/// </summary>
internal sealed class CardApi(TerminalHost host, TimeProvider time) : CardService.CardServiceBase
{
    public override async Task<ReadBankAccountResponse> ReadBankAccount(ReadBankAccountRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        var account = session.BankAccount ?? await CardWork.OnReaderAsync(host.Terminal, session, async (access, ct) =>
        {
            var read = await new FinancialApplication(access.Channel).ReadAsync(revealPan: true, ct);
            // Later work on the session expects the social security application selected, as the pre-read left it.
            await CardWork.SelectSsseAsync(access.Channel, ct);
            return read;
        }, context.CancellationToken);
        return new ReadBankAccountResponse
        {
            SessionId = session.Id.ToString(),
            Account = CardMapper.ToBankAccount(account, AccessInterceptor.CallerOf(context).Has(Scopes.BankFull), time.GetUtcNow()),
        };
    }

    public override async Task<ReadMedicalRecordsResponse> ReadMedicalRecords(ReadMedicalRecordsRequest request, ServerCallContext context)
    {
        RequestFields.RequirePurpose(request.Purpose);
        using var pin = request.EntryCase == ReadMedicalRecordsRequest.EntryOneofCase.Pin ? CardWork.PinFrom(request.Pin, "pin") : null;
        var pad = request.EntryCase == ReadMedicalRecordsRequest.EntryOneofCase.UsePinPad && request.UsePinPad;
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        var records = await CardRecords.ReadAsync(host.Terminal, session, pin, pad, context.CancellationToken);
        return new ReadMedicalRecordsResponse { SessionId = session.Id.ToString(), Records = records };
    }
}
