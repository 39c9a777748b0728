using CardBridge.Api;
using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Examples;

/// <summary>
/// docs/guides/kiosk.md: a self-service kiosk shows the card's own medical records (<c>medical.read</c>): the basics at
/// once, the offline state and the transaction log once the holder has typed the PIN on the kiosk's PIN pad.
/// </summary>
internal sealed class KioskExample(Connection service, SimulatedHolder holder, TextWriter output)
{
    private const string Purpose = "self-service: my card's records";
    private readonly CardService.CardServiceClient _card = new(service.Invoker);

    public async Task<int> RunAsync(string reader, string holderPin, CancellationToken cancellationToken)
    {
        try
        {
            var basics = (await _card.ReadMedicalRecordsAsync(
                new ReadMedicalRecordsRequest { Target = new CardTarget { Reader = reader }, Purpose = Purpose },
                deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken)).Records;
            output.WriteLine($"basics: insurance_type={basics.InsuranceType} usage_mode={basics.UsageMode}");

            // "Type your PIN on the pad": the call returns once the holder has pressed OK.
            await holder.TypeOnPinPadAsync(reader, holderPin, cancellationToken);
            var records = (await _card.ReadMedicalRecordsAsync(
                new ReadMedicalRecordsRequest { Target = new CardTarget { Reader = reader }, Purpose = Purpose, UsePinPad = true },
                deadline: DateTime.UtcNow.AddSeconds(90), cancellationToken: cancellationToken)).Records;
            output.WriteLine($"offline: allowed={records.Offline.Allowed} amount_fen={records.Offline.CumulativeAmountFen} count={records.Offline.Count} log={records.OfflineLog}");
            foreach (var t in records.Transactions)
            {
                output.WriteLine($"transaction: seq={t.Sequence} type={t.Type} terminal={t.TerminalId} time={t.Time.ToDateTime():yyyy-MM-ddTHH:mm:ssZ} "
                    + $"account_fen={t.AccountFen} self_pay_fen={t.SelfPayFen} pooled_fen={t.PooledFen}");
            }
            return 0;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"refused: {refusal}: {AdviceFor(refusal)}");
            return 1;
        }
    }

    /// <summary>What the kiosk screen says for each reason (the table in docs/guides/kiosk.md).</summary>
    internal static string AdviceFor(Refusal refusal) => refusal.Reason switch
    {
        "WRONG_PIN" => $"wrong PIN, {refusal[ErrorDomain.TriesLeft]} tries left: type it again",
        "PIN_BLOCKED" => "your PIN is blocked: a counter unblocks it",
        "PIN_ENTRY_CANCELLED" => "cancelled: start again",
        "PIN_PAD_UNAVAILABLE" => "this kiosk's reader has no PIN pad: call staff",
        "NO_MEDICAL_APPLICATION" => "this card holds no medical records: ask at a counter",
        "CARD_REMOVED" => "the card was taken out: insert it and start again",
        "NO_CARD" => "insert your card",
        "SCOPE_DENIED" => $"this kiosk lacks scope {refusal[ErrorDomain.RequiredScope]}: call staff",
        _ => "something went wrong: call staff",
    };
}
