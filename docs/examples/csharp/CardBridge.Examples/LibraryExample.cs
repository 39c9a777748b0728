using CardBridge.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Examples;

/// <summary>
/// docs/guides/library.md: a library or museum gate. "Card or code" with scope <c>identity.basic</c> only: the gate
/// learns a pseudonymous holder id (the same for a person's card and codes) and a masked name, never the name itself.
/// </summary>
internal sealed class LibraryExample(Connection service, SimulatedHolder holder, TextWriter output)
{
    private readonly IdentityService.IdentityServiceClient _identity = new(service.Invoker);

    public async Task<int> RunAsync(string scanner, CancellationToken cancellationToken)
    {
        // Visitor 1 holds the card to the reader (in the simulator it is already in "Simulated Reader 0").
        var first = await AdmitAsync("visitor 1", onlyNew: false, show: null, cancellationToken);
        // Visitor 2 (the same person, with the phone) shows an e-SSC code; only_new skips the card still in the reader.
        var second = await AdmitAsync("visitor 2", onlyNew: true,
            show: ct => holder.ShowCodeAsync(scanner, QrCodeKind.ESocialSecurityCard, "third-gen", SimulatedCode.Valid, ct),
            cancellationToken);
        // Visitor 3 shows a code that has expired: the gate stays shut and says why.
        var third = await AdmitAsync("visitor 3", onlyNew: true,
            show: ct => holder.ShowCodeAsync(scanner, QrCodeKind.ESocialSecurityCard, "third-gen", SimulatedCode.Expired, ct),
            cancellationToken);
        if (first is null || second is null || third is not null)
        {
            return 1;
        }
        output.WriteLine($"same person: {first == second}");
        return 0;
    }

    /// <summary>Waits for a card or a code and opens the gate; the holder id it admitted, or null when it stayed shut.</summary>
    private async Task<string?> AdmitAsync(string visitor, bool onlyNew, Func<CancellationToken, Task>? show, CancellationToken cancellationToken)
    {
        using var awaiting = _identity.AwaitCredentialAsync(
            new AwaitCredentialRequest
            {
                Purpose = "library entrance",
                Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                OnlyNew = onlyNew,
            },
            deadline: DateTime.UtcNow.AddSeconds(40), cancellationToken: cancellationToken);
        await awaiting.ResponseHeadersAsync; // from here on, anything presented is seen
        if (show is not null)
        {
            await show(cancellationToken);
        }
        try
        {
            var presented = await awaiting.ResponseAsync;
            var (how, who) = presented.CredentialCase == AwaitCredentialResponse.CredentialOneofCase.Card
                ? ("card", presented.Card.Holder)
                : ($"code {presented.Code.Kind}", presented.Code.Holder);
            // identity.basic: HasName is false, the name itself is never sent to the gate.
            output.WriteLine($"{visitor}: gate open ({how}) holder_id={who.HolderId} name={who.NameMasked} full_name_sent={who.HasName}");
            return who.HolderId;
        }
        catch (RpcException e)
        {
            var refusal = Refusal.Of(e);
            output.WriteLine($"{visitor}: gate shut: {refusal}: {AdviceFor(refusal.Reason)}");
            return null;
        }
    }

    /// <summary>What the gate shows for each reason (the table in docs/guides/library.md).</summary>
    internal static string AdviceFor(string reason) => reason switch
    {
        "NOTHING_PRESENTED" => "nothing presented: keep waiting",
        "QR_EXPIRED" => "code expired: refresh it in the app",
        "QR_REPLAYED" => "code already used: refresh it in the app",
        "QR_MALFORMED" => "not a code this gate knows",
        "QR_BAD_SIGNATURE" or "QR_UNKNOWN_ISSUER" => "code not accepted: use the card",
        "QR_VERIFIER_UNAVAILABLE" => "code cannot be checked now: scan again or use the card",
        "CARD_EXPIRED" => "card expired: use the app's code",
        "CARD_NOT_GENUINE" or "NOT_SOCIAL_SECURITY_CARD" => "card not accepted: see the desk",
        "CARD_UNREADABLE" => "card unreadable: take it out and insert it again",
        "HOLDER_UNAVAILABLE" => "card holder data unavailable: see the desk (PSAM missing)",
        _ => "see the desk",
    };
}
