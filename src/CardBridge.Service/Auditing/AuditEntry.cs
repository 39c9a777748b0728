using CardBridge.Cards.Privacy;
using CardBridge.Terminal;

namespace CardBridge.Service.Auditing;

/// <summary>What one call did, filled in as it runs and written to the audit log when it ends.</summary>
internal sealed class AuditEntry
{
    public required string Rpc { get; init; }

    public string ClientId { get; set; } = "-";

    public string? Purpose { get; set; }

    public string? Reader { get; set; }

    public Guid? SessionId { get; set; }

    /// <summary>The card number, already masked.</summary>
    public string? CardNumberMasked { get; set; }

    /// <summary>Records the card a call worked on, masked.</summary>
    public void About(CardSession session)
    {
        Reader = session.Reader;
        SessionId = session.Id;
        if (session.Identity?.Card.CardNumber is { } number)
        {
            CardNumberMasked = Masked.CardNumber(number);
        }
    }
}
