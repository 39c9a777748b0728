using System.Reflection;
using CardBridge.Api.V1;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Examples;

/// <summary>
/// docs/guides/transit.md: a fare gate that drives its own taps (scopes <c>transit</c>, <c>identity.basic</c>). It waits
/// for a card or a transit code at its reader and scanner (<c>AwaitCredential</c>), asks for the decision
/// (<c>TransitService.Tap</c>) and opens or stays shut as the decision says; the service never waits for the centre.
/// </summary>
internal sealed class TransitExample(Connection service, SimulatedHolder holder, TextWriter output)
{
    private readonly IdentityService.IdentityServiceClient _identity = new(service.Invoker);
    private readonly TransitService.TransitServiceClient _transit = new(service.Invoker);

    public async Task<int> RunAsync(string reader, string scanner, string gate, string line, string stop, CancellationToken cancellationToken)
    {
        TapRequest Where(TapRequest tap)
        {
            tap.GateId = gate;
            tap.Line = line;
            tap.Stop = stop;
            return tap;
        }

        // Rider 1 pays from the card's purse; the same card tapped again at once is the same ride, charged once.
        var ordinary = await PresentedAsync(reader, scanner, ct => holder.TapCardAsync(reader, "transit/ordinary", ct), cancellationToken);
        var paid = await TapAsync("rider 1 (card)", Where(new TapRequest { Card = new CardTarget { SessionId = ordinary.Card.SessionId } }), cancellationToken);
        var again = await TapAsync("rider 1 again", Where(new TapRequest { Card = new CardTarget { SessionId = ordinary.Card.SessionId } }), cancellationToken);
        // Rider 2 rides free by age, rider 3's card is on the hot list.
        var elderly = await PresentedAsync(reader, scanner, ct => holder.TapCardAsync(reader, "transit/elderly", ct), cancellationToken);
        var free = await TapAsync("rider 2 (card)", Where(new TapRequest { Card = new CardTarget { SessionId = elderly.Card.SessionId } }), cancellationToken);
        var hot = await PresentedAsync(reader, scanner, ct => holder.TapCardAsync(reader, "transit/hotlisted", ct), cancellationToken);
        var refused = await TapAsync("rider 3 (card)", Where(new TapRequest { Card = new CardTarget { SessionId = hot.Card.SessionId } }), cancellationToken);
        // Rider 4 shows a transit code: the fare is charged to the code's account later.
        var code = await PresentedAsync(reader, scanner,
            ct => holder.ShowCodeAsync(scanner, QrCodeKind.Transit, "third-gen", SimulatedCode.Valid, ct), cancellationToken);
        var byCode = await TapAsync("rider 4 (code)", Where(new TapRequest { CodeCredentialId = code.Code.CredentialId }), cancellationToken);

        if (paid is null || again is null || free is null || refused is null || byCode is null)
        {
            return 1;
        }
        output.WriteLine($"same ride: {paid.RideId == again.RideId}");
        var opened = paid.OutcomeCase == GateDecision.OutcomeOneofCase.Allowed && again.Repeated
            && free.OutcomeCase == GateDecision.OutcomeOneofCase.Allowed && refused.OutcomeCase == GateDecision.OutcomeOneofCase.Refused
            && byCode.OutcomeCase == GateDecision.OutcomeOneofCase.Allowed;
        return opened ? 0 : 1;
    }

    /// <summary>Waits for the next card at the gate's reader or code at its scanner, the rider presenting it once the service listens.</summary>
    private async Task<AwaitCredentialResponse> PresentedAsync(string reader, string scanner, Func<CancellationToken, Task> present, CancellationToken cancellationToken)
    {
        using var awaiting = _identity.AwaitCredentialAsync(
            new AwaitCredentialRequest
            {
                Purpose = "fare gate",
                Reader = reader,
                Scanner = scanner,
                OnlyNew = true,
                Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            },
            deadline: DateTime.UtcNow.AddSeconds(40), cancellationToken: cancellationToken);
        await awaiting.ResponseHeadersAsync; // from here on, anything presented is seen
        await present(cancellationToken);
        return await awaiting.ResponseAsync;
    }

    /// <summary>One Tap and what the gate does about it; the decision, or null when the service refused the call.</summary>
    private async Task<GateDecision?> TapAsync(string rider, TapRequest tap, CancellationToken cancellationToken)
    {
        GateDecision decision;
        try
        {
            decision = (await _transit.TapAsync(tap, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken)).Decision;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"{rider}: no decision: {refusal}: {AdviceFor(refusal.Reason)}");
            return null;
        }
        output.WriteLine($"{rider}: {Describe(decision)}");
        if (!decision.Journaled)
        {
            // The gate still follows the decision; the service has logged the alarm, the station raises it too.
            output.WriteLine($"{rider}: ALARM ride {decision.RideId} not journaled");
        }
        return decision;
    }

    /// <summary>The decision as the gate acts on it (the tables in docs/guides/transit.md).</summary>
    internal static string Describe(GateDecision decision)
    {
        var repeated = decision.Repeated ? " repeated=True (nothing charged)" : "";
        if (decision.OutcomeCase == GateDecision.OutcomeOneofCase.Refused)
        {
            var refused = decision.Refused;
            // The contract's name (TAP_REFUSAL_HOT_LISTED), as every language's client spells it.
            var name = typeof(TapRefusal).GetField(refused.Reason.ToString())!.GetCustomAttribute<OriginalNameAttribute>()!.Name["TAP_REFUSAL_".Length..];
            return $"gate shut: {name}{repeated}: {ShownFor(refused)}";
        }
        var allowed = decision.Allowed;
        var how = allowed.FreeReason switch
        {
            FreeRideReason.Age => "free (age)",
            FreeRideReason.Category => $"free (category {allowed.FreeCategory})",
            _ => $"paid fare_fen={allowed.FareFen}",
        };
        var purse = allowed.HasBalanceAfterFen
            ? $" balance_after_fen={allowed.BalanceAfterFen}"
            : decision.Medium == TapMedium.QrCode && allowed.FareFen > 0 ? " (charged to the code's account later)" : "";
        return $"gate open: {how}{purse}{repeated}";
    }

    /// <summary>What the gate display shows for a refusal.</summary>
    internal static string ShownFor(Refused refused) => refused.Reason switch
    {
        TapRefusal.HotListed => "card blocked: see the ticket office",
        TapRefusal.InsufficientBalance => $"balance {Yuan(refused.BalanceFen)} below the fare {Yuan(refused.FareFen)}: top up",
        TapRefusal.NoPurse => "no transit purse on this card: use the app's code",
        TapRefusal.FareExceedsLimit => $"fare {Yuan(refused.FareFen)} above the code's limit: use the card",
        TapRefusal.PurchaseUnresolved => "an earlier payment is being checked: see the ticket office",
        TapRefusal.CardNotAccepted => "card not accepted here: see the ticket office",
        _ => "see the ticket office",
    };

    /// <summary>What the gate shows when a tap gets no decision (the error table in docs/guides/transit.md).</summary>
    internal static string AdviceFor(string reason) => reason switch
    {
        "CARD_REMOVED" => "hold the card still: tap again",
        "NO_CARD" => "tap the card again",
        "NOT_SOCIAL_SECURITY_CARD" or "CARD_NOT_GENUINE" => "card not accepted: see the ticket office",
        "CREDENTIAL_UNKNOWN" => "scan the code again",
        "CREDENTIAL_NOT_ACCEPTED" => "not a transit code: show the transit code",
        _ => "out of order: call IT",
    };

    private static string Yuan(uint fen) => $"{fen / 100}.{fen % 100:D2}";
}
