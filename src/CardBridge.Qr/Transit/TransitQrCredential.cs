namespace CardBridge.Qr.Transit;

/// <summary>
/// A transit code that passed offline verification: its whole signature chain verified and it was inside its validity
/// window. The account id is personal data: <see cref="ToString"/> masks it.
/// </summary>
/// <param name="AccountId">The holder's account (card) id.</param>
/// <param name="IssuerId">The issuer that authorised the holder.</param>
/// <param name="Version">Interoperable or local code.</param>
/// <param name="PerTripLimitFen">Most the holder may be charged for one trip, in fen.</param>
/// <param name="GeneratedAt">When the holder's device generated the code.</param>
/// <param name="ExpiresAt">End of the code's validity (generation time + validity seconds); a replay cache keeps it until then.</param>
public sealed record TransitQrCredential(
    string AccountId,
    uint IssuerId,
    TransitQrVersion Version,
    uint PerTripLimitFen,
    DateTimeOffset GeneratedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Describes the credential with the account id masked.</summary>
    public override string ToString() =>
        $"transit credential issuer {IssuerId} account {TransitQrCode.MaskedAccount(AccountId)} limit {PerTripLimitFen} fen";
}
