using CardBridge.Api;
using CardBridge.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Examples;

/// <summary>
/// docs/guides/his.md: a hospital outpatient counter. Read the card, verify the PIN, pre-settle, settle under an
/// idempotency key (offline when the centre cannot be reached), then the next patient pays with an e-voucher code.
/// Needs scopes <c>identity.full pin settlement</c>.
/// </summary>
internal sealed class HisExample(Connection service, SimulatedHolder holder, TextWriter output)
{
    private readonly IdentityService.IdentityServiceClient _identity = new(service.Invoker);
    private readonly SettlementService.SettlementServiceClient _settlement = new(service.Invoker);

    public async Task<int> RunAsync(string reader, string scanner, string pin, string billNumber, long totalFen, CancellationToken cancellationToken)
    {
        // 1. Registration: the card was pre-read when it was inserted; ReadCard answers from memory.
        CardIdentity card;
        try
        {
            card = (await _identity.ReadCardAsync(
                new ReadCardRequest { Target = new CardTarget { Reader = reader }, Purpose = "outpatient registration" },
                deadline: Deadline(10), cancellationToken: cancellationToken)).Identity;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"read refused: {refusal}: {AdviceFor(refusal)}");
            return 1;
        }
        output.WriteLine($"read: holder={card.Holder?.Name} ssn={card.Holder?.Ssn} card={card.Card.CardNumberMasked} session={card.SessionId}");
        var byCard = new SettlementCredential { Card = new CardTarget { SessionId = card.SessionId } };
        var bill = new Bill { Scenario = SettlementScenario.Outpatient, TotalFen = totalFen, MedicalType = "11" };

        // 2. The holder types the PIN at the HIS keypad (or use_pin_pad on a reader with a pad).
        try
        {
            await _identity.VerifyPinAsync(
                new VerifyPinRequest { Target = new CardTarget { SessionId = card.SessionId }, Purpose = "outpatient settlement", Pin = pin },
                deadline: Deadline(30), cancellationToken: cancellationToken);
            output.WriteLine("pin: verified");
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"pin refused: {refusal}: {AdviceFor(refusal)}");
            return 1;
        }

        // 3. Trial calculation: how the bill splits. Needs the centre; when it is down the bill can still settle offline.
        try
        {
            var trial = await _settlement.PreSettleAsync(
                new PreSettleRequest { Credential = byCard, Bill = bill, Purpose = "outpatient pre-settlement" },
                deadline: Deadline(30), cancellationToken: cancellationToken);
            output.WriteLine($"pre-settle: {Split(trial.Amounts)}");
        }
        catch (RpcException e) when (Refusal.Of(e).Reason == "CENTRE_UNAVAILABLE")
        {
            output.WriteLine("pre-settle: centre unavailable, the bill will settle offline within the terminal's caps");
        }

        // 4. Settle under the HIS charge number: asking again with the same key never charges twice.
        var settle = new SettleRequest
        {
            IdempotencyKey = billNumber,
            Credential = byCard,
            Bill = bill,
            Purpose = "outpatient settlement",
            Pin = pin,
        };
        if (!await SettleAsync("settle", settle, cancellationToken))
        {
            return 1;
        }
        // A lost answer (deadline, restart) is recovered the same way: the first result comes back, marked replayed.
        if (!await SettleAsync("settle again", settle, cancellationToken))
        {
            return 1;
        }

        // 5. "Card or code": the next patient shows an e-voucher. only_new ignores the card still in the reader.
        using var awaiting = _identity.AwaitCredentialAsync(
            new AwaitCredentialRequest
            {
                Purpose = "outpatient registration",
                Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                OnlyNew = true,
            },
            deadline: Deadline(40), cancellationToken: cancellationToken);
        await awaiting.ResponseHeadersAsync; // the service is listening from here on
        await holder.ShowCodeAsync(scanner, QrCodeKind.EVoucher, "third-gen", SimulatedCode.Valid, cancellationToken);
        AwaitCredentialResponse presented;
        try
        {
            presented = await awaiting.ResponseAsync;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"await refused: {refusal}: {AdviceFor(refusal)}");
            return 1;
        }
        if (presented.CredentialCase != AwaitCredentialResponse.CredentialOneofCase.Code)
        {
            output.WriteLine($"presented: a card in {presented.Card.Reader}; settle it as in step 4");
            return 1;
        }
        output.WriteLine($"presented: code kind={presented.Code.Kind} holder={presented.Code.Holder?.Name} valid_until={presented.Code.ValidUntil.ToDateTime():O}");
        var byCode = new SettleRequest
        {
            IdempotencyKey = billNumber + "-code",
            Credential = new SettlementCredential { CodeCredentialId = presented.Code.CredentialId },
            Bill = bill,
            Purpose = "outpatient settlement",
        };
        // Codes settle online only: with the centre down the refusal says so (limit card_required) and the counter asks
        // for the card instead; the example has done its part either way.
        await SettleAsync("settle by code", byCode, cancellationToken);
        return 0;
    }

    private async Task<bool> SettleAsync(string step, SettleRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var settled = await _settlement.SettleAsync(request, deadline: Deadline(60), cancellationToken: cancellationToken);
            output.WriteLine(settled.Offline
                ? $"{step}: offline journal_sequence={settled.JournalSequence} card_written={settled.CardWritten} replayed={settled.Replayed} {Split(settled.Amounts)}"
                : $"{step}: online settlement_id={settled.SettlementId} replayed={settled.Replayed} {Split(settled.Amounts)}");
            return true;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"{step} refused: {refusal}: {AdviceFor(refusal)}");
            return false;
        }
    }

    private static string Split(Amounts amounts) =>
        $"total={amounts.TotalFen} fund={amounts.FundFen} account={amounts.AccountFen} cash={amounts.CashFen}";

    private static DateTime Deadline(int seconds) => DateTime.UtcNow.AddSeconds(seconds);

    /// <summary>What the counter does for each reason this flow can meet (the table in docs/guides/his.md).</summary>
    internal static string AdviceFor(Refusal refusal) => refusal.Reason switch
    {
        "NO_CARD" => "ask the patient to insert the card",
        "READER_AMBIGUOUS" => "name the reader of this counter",
        "CARD_REMOVED" => "the card left: ask for it again and read it anew",
        "CARD_EXPIRED" => "the card is expired: ask for the e-voucher code",
        "HOLDER_UNAVAILABLE" => "the PSAM is missing: call IT",
        "WRONG_PIN" => $"wrong PIN, {refusal[ErrorDomain.TriesLeft]} tries left: let the patient try again",
        "PIN_BLOCKED" => "PIN blocked: send the patient to the social security counter, or use the e-voucher",
        "OFFLINE_LIMIT_EXCEEDED" when refusal[ErrorDomain.Limit] == "card_required" => "the centre is down and codes settle online only: ask for the card",
        "OFFLINE_LIMIT_EXCEEDED" => $"the centre is down and the bill is over the offline limit '{refusal[ErrorDomain.Limit]}': take cash or wait",
        "CENTRE_REJECTED" => $"the centre refused ({refusal[ErrorDomain.InfCode]}): show its message '{refusal[ErrorDomain.CentreMessage]}'",
        "CENTRE_UNAVAILABLE" => "the centre is unreachable and this credential settles online only: ask for the card",
        "SETTLEMENT_OUTCOME_UNKNOWN" => "do not charge again: ask again later with the same idempotency key",
        "CALL_IN_PROGRESS" => "the same bill is being settled: ask again with the same key in a moment",
        "IDEMPOTENCY_KEY_REUSED" => "this charge number was used for another bill: fix the HIS charge number",
        "CREDENTIAL_UNKNOWN" => "the code lapsed: ask the patient to show it again",
        "CREDENTIAL_NOT_ACCEPTED" => "this kind of code cannot pay a medical bill",
        "NOTHING_PRESENTED" => "nothing presented in time: ask again",
        "QR_EXPIRED" => "the code expired: ask the patient to refresh it in the app",
        "QR_REPLAYED" => "the code was used already: ask the patient to refresh it",
        "QR_VERIFIER_UNAVAILABLE" => "the code could not be checked: scan again or use the card",
        "JOURNAL_UNAVAILABLE" => "the terminal cannot store offline settlements: call IT",
        "UNAUTHENTICATED" or "SCOPE_DENIED" => "the HIS is not configured in the service: check its API key and scopes",
        _ => "show the message and call IT",
    };
}
