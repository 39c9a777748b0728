using CardBridge.Api;
using CardBridge.Api.V1;
using Grpc.Core;

namespace CardBridge.Examples;

/// <summary>
/// docs/guides/bank.md: a bank counter. Full identity (<c>identity.full</c>) with the purpose recorded in the audit
/// log, the holder's PIN typed on the reader's PIN pad (<c>pin</c>, <c>use_pin_pad</c>): it never reaches the host;
/// then the card's bank account for a payout, its PAN masked (<c>bank.masked</c>).
/// </summary>
internal sealed class BankExample(Connection service, SimulatedHolder holder, TextWriter output)
{
    private const string Purpose = "account opening: identity check";
    private readonly IdentityService.IdentityServiceClient _identity = new(service.Invoker);
    private readonly CardService.CardServiceClient _card = new(service.Invoker);

    public async Task<int> RunAsync(string reader, string holderPin, CancellationToken cancellationToken)
    {
        CardIdentity card;
        try
        {
            card = (await _identity.ReadCardAsync(
                new ReadCardRequest { Target = new CardTarget { Reader = reader }, Purpose = Purpose },
                deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken)).Identity;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"read refused: {refusal}: {AdviceFor(refusal)}");
            return 1;
        }
        var person = card.Holder;
        output.WriteLine($"read: name={person.Name} ssn={person.Ssn} sex={person.Sex} birth={person.BirthDate?.ToDateTime():yyyy-MM-dd} card={card.Card.CardNumber} genuineness={card.Genuineness}");

        // The holder mistypes once, then gets it right. Each attempt is one VerifyPin; the pad collects the digits.
        foreach (var typed in new[] { WrongPin(holderPin), holderPin })
        {
            await holder.TypeOnPinPadAsync(reader, typed, cancellationToken);
            try
            {
                await _identity.VerifyPinAsync(
                    new VerifyPinRequest { Target = new CardTarget { SessionId = card.SessionId }, Purpose = Purpose, UsePinPad = true },
                    deadline: DateTime.UtcNow.AddSeconds(90), cancellationToken: cancellationToken);
                output.WriteLine("pin pad: verified");
                return await ShowPayoutAccountAsync(card.SessionId, cancellationToken);
            }
            catch (RpcException e)
            {
                var refusal = Refusal.Of(e);
                output.WriteLine($"pin pad refused: {refusal}: {AdviceFor(refusal)}");
                if (refusal.Reason != "WRONG_PIN" && refusal.Reason != "PIN_ENTRY_CANCELLED")
                {
                    return 1;
                }
            }
        }
        return 1;
    }

    // The account the benefit is paid into: the teller confirms it with the holder by its first and last four digits.
    private async Task<int> ShowPayoutAccountAsync(string session, CancellationToken cancellationToken)
    {
        try
        {
            var account = (await _card.ReadBankAccountAsync(
                new ReadBankAccountRequest { Target = new CardTarget { SessionId = session }, Purpose = "benefit payout account" },
                deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken)).Account;
            output.WriteLine($"bank account: pan={account.Pan} expiry={account.ExpiryDate.ToDateTime():yyyy-MM-dd} expired={account.Expired}");
            return 0;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"bank account refused: {refusal}: {AdviceFor(refusal)}");
            return 1;
        }
    }

    private static string WrongPin(string pin) => new(pin.Select(c => c == '9' ? '0' : (char)(c + 1)).ToArray());

    /// <summary>What the clerk does for each reason (the table in docs/guides/bank.md).</summary>
    internal static string AdviceFor(Refusal refusal) => refusal.Reason switch
    {
        "WRONG_PIN" => $"wrong PIN, {refusal[ErrorDomain.TriesLeft]} tries left: ask the holder to type it again",
        "PIN_BLOCKED" => "PIN blocked: start the unblock procedure at this counter",
        "PIN_ENTRY_CANCELLED" => "the holder cancelled or took too long: start the entry again",
        "PIN_PAD_UNAVAILABLE" => "this reader has no PIN pad: use the counter's pad reader",
        "CARD_REMOVED" => "the card left the reader: insert it and start again",
        "NO_CARD" => "insert the card",
        "CARD_EXPIRED" => "card expired: refer the holder to renewal",
        "CARD_NOT_GENUINE" => "the card failed the genuine-card check: keep it and follow the fraud procedure",
        "NOT_SOCIAL_SECURITY_CARD" => "this is not a social security card",
        "HOLDER_UNAVAILABLE" => "holder data unavailable (PSAM missing): call IT",
        "NO_BANK_APPLICATION" => "the card's bank function is not active: the holder activates it or names another account",
        "SCOPE_DENIED" => $"this counter lacks scope {refusal[ErrorDomain.RequiredScope]}: call IT",
        _ => "show the message and call IT",
    };
}
