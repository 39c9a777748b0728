using CardBridge.Cards.Privacy;
using CardBridge.Service.Credentials;
using CardBridge.Terminal;

namespace CardBridge.Service.Auditing;

/// <summary>What one call did, filled in as it runs and written to the audit log when it ends.</summary>
internal sealed class AuditEntry
{
    public required string Rpc { get; init; }

    public string ClientId { get; set; } = "-";

    public string? Purpose { get; set; }

    /// <summary>The web page origin the call came from (web listener); null for every other call.</summary>
    public string? Origin { get; set; }

    /// <summary>The reader of the card, or the scanner of the code, the call was about.</summary>
    public string? Reader { get; set; }

    /// <summary>The card's session, or the code's credential id.</summary>
    public Guid? SessionId { get; set; }

    /// <summary>The card number (for an e-voucher the ID number, for a transit code the account), already masked.</summary>
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

    /// <summary>Records the code credential a call worked on, masked.</summary>
    public void About(CodeCredentialRecord credential)
    {
        Reader = credential.Scanner;
        SessionId = credential.Id;
        CardNumberMasked = credential.Platform is { CardNumber: null } platform
            ? Masked.Ssn(platform.IdNumber)
            : Masked.CardNumber(credential.Platform?.CardNumber ?? credential.Transit?.AccountId);
    }
}
