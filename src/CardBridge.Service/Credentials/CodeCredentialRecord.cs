using System.Globalization;
using CardBridge.Cards.Privacy;
using CardBridge.Qr.Platform;
using CardBridge.Qr.Transit;

namespace CardBridge.Service.Credentials;

/// <summary>What a scanned text turned out to be.</summary>
internal enum CodeKind
{
    /// <summary>Not a code this terminal knows.</summary>
    Unrecognised,

    /// <summary>A medical-insurance e-voucher, verified online.</summary>
    EVoucher,

    /// <summary>An electronic social security card code, verified online.</summary>
    SocialSecurityCard,

    /// <summary>A transit code, verified offline.</summary>
    Transit,
}

/// <summary>
/// A code that passed verification, kept under its <see cref="Id"/> for other calls until <see cref="ValidUntil"/>.
/// Exactly one of <see cref="Platform"/> and <see cref="Transit"/> is set. Personal data: <see cref="ToString"/> masks it.
/// </summary>
internal sealed record CodeCredentialRecord(
    Guid Id,
    string Scanner,
    CodeKind Kind,
    DateTimeOffset ScannedAt,
    DateTimeOffset ValidUntil,
    PlatformQrCredential? Platform,
    TransitQrCredential? Transit)
{
    /// <summary>The holder's certificate number for holder pseudonyms: the platform's ID number, or the transit account.</summary>
    public string HolderKey => Platform?.IdNumber ?? Transit?.AccountId ?? throw new InvalidOperationException("a credential without holder");

    /// <summary>Names the credential without personal data.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind} credential {Id} from {Scanner}, holder {Masked.CardNumber(HolderKey)}");
}
