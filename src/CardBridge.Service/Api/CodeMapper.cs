using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cards.Privacy;
using CardBridge.Qr.Transit;
using CardBridge.Service.Credentials;
using CardBridge.Service.Security;
using Google.Protobuf.WellKnownTypes;
using ApiSex = CardBridge.Api.V1.Sex;

namespace CardBridge.Service.Api;

/// <summary>
/// Code credentials → proto, once: the <see cref="CodeCredential"/> the caller's scopes allow, in the card's shape —
/// the holder id is the same keyed pseudonym a card of the same person gives. Fields a scope does not allow are absent.
/// </summary>
internal sealed class CodeMapper(HolderPseudonym pseudonym)
{
    private const int ResidentIdLength = 18;

    public CodeCredential ToCredential(CodeCredentialRecord record, Caller caller)
    {
        var full = caller.Has(Scopes.IdentityFull);
        var result = new CodeCredential
        {
            CredentialId = record.Id.ToString(),
            Kind = KindOf(record.Kind),
            Scanner = record.Scanner,
            ScannedAt = Timestamp.FromDateTimeOffset(record.ScannedAt),
            ValidUntil = Timestamp.FromDateTimeOffset(record.ValidUntil),
        };
        if (record.Platform is { } platform)
        {
            result.Holder = new HolderInfo
            {
                HolderId = pseudonym.Of(platform.IdNumber),
                NameMasked = Masked.Name(platform.Name),
            };
            result.InsuranceOrg = platform.InsuranceOrg;
            if (platform.CardNumber is { } cardNumber)
            {
                result.CardNumberMasked = Masked.CardNumber(cardNumber);
            }
            if (full)
            {
                result.Holder.Name = platform.Name;
                result.Holder.Ssn = platform.IdNumber;
                if (ResidentId(platform.IdNumber) is var (birthDate, sex))
                {
                    result.Holder.BirthDate = Timestamp.FromDateTime(birthDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                    result.Holder.Sex = sex;
                }
                if (platform.CardNumber is { } number)
                {
                    result.CardNumber = number;
                }
            }
        }
        if (record.Transit is { } transit)
        {
            result.Transit = new TransitCodeInfo
            {
                AccountMasked = Masked.CardNumber(transit.AccountId),
                IssuerId = transit.IssuerId,
                Interoperable = transit.Version == TransitQrVersion.Interoperable,
                PerTripLimitFen = transit.PerTripLimitFen,
                GeneratedAt = Timestamp.FromDateTimeOffset(transit.GeneratedAt),
                ExpiresAt = Timestamp.FromDateTimeOffset(transit.ExpiresAt),
            };
            if (full)
            {
                result.Transit.Account = transit.AccountId;
            }
        }
        return result;
    }

    public static QrCodeKind KindOf(CodeKind kind) => kind switch
    {
        CodeKind.EVoucher => QrCodeKind.EVoucher,
        CodeKind.SocialSecurityCard => QrCodeKind.ESocialSecurityCard,
        CodeKind.Transit => QrCodeKind.Transit,
        _ => QrCodeKind.Unspecified,
    };

    /// <summary>The name error metadata uses: <c>e_voucher</c>, <c>e_social_security_card</c>, <c>transit</c>, <c>unrecognised</c>.</summary>
    public static string KindName(CodeKind kind) => kind switch
    {
        CodeKind.EVoucher => "e_voucher",
        CodeKind.SocialSecurityCard => "e_social_security_card",
        CodeKind.Transit => "transit",
        _ => "unrecognised",
    };

    // GB 11643: digits 7–14 are the birth date, the 17th digit is odd for men and even for women.
    private static (DateOnly BirthDate, ApiSex Sex)? ResidentId(string idNumber) =>
        idNumber.Length == ResidentIdLength
        && DateOnly.TryParseExact(idNumber.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate)
        && char.IsAsciiDigit(idNumber[16])
            ? (birthDate, (idNumber[16] - '0') % 2 == 1 ? ApiSex.Male : ApiSex.Female)
            : null;
}
