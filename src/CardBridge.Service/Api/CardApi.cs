using CardBridge.Api.V1;
using CardBridge.Cards;
using CardBridge.Cards.Financial;
using CardBridge.Cards.Medical;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using CardBridge.Terminal;
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
        var verify = pin is not null || (request.EntryCase == ReadMedicalRecordsRequest.EntryOneofCase.UsePinPad && request.UsePinPad);
        var session = CardTargets.Resolve(host.Terminal, request.Target);
        AccessInterceptor.AuditOf(context).About(session);
        var records = await CardWork.OnReaderAsync(host.Terminal, session, async (access, ct) =>
        {
            var medical = new MedicalRecords(access.Channel, new HolderPin(access, session, pin));
            try
            {
                return verify
                    ? CardMapper.ToRecords(await medical.ReadAsync(ct))
                    : CardMapper.ToRecords(await medical.ReadBasicsAsync(ct));
            }
            catch (CardCommandException e) when (e.StatusWord == StatusWord.FileNotFound)
            {
                throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.NoMedicalApplication,
                    "the card has no medical insurance application (DF04) or lacks one of its files", (ErrorDomain.SessionId, session.Id.ToString()));
            }
        }, context.CancellationToken);
        return new ReadMedicalRecordsResponse { SessionId = session.Id.ToString(), Records = records };
    }

    /// <summary>The holder's PIN for DF04: typed at the host, else on the reader's PIN pad.</summary>
    private sealed class HolderPin(CardAccess access, CardSession session, PinBuffer? pin) : ICardholderVerifier
    {
        public async Task VerifyAsync(ICardChannel card, CancellationToken cancellationToken)
        {
            if (pin is not null)
            {
                await new CardPin(card).VerifyAsync(pin, cancellationToken);
                return;
            }
            var pad = await CardWork.PinPadAsync(access, session, cancellationToken);
            await pad.VerifyAsync(new PinVerifyStructure(), cancellationToken);
        }
    }
}
