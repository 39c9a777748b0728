using CardBridge.Api.V1;
using CardBridge.Cards;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Privacy;
using CardBridge.Cards.Recognition;
using CardBridge.Service.Security;
using CardBridge.Terminal;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ApiCardValidity = CardBridge.Api.V1.CardValidity;
using ApiHolderUnavailable = CardBridge.Api.V1.HolderUnavailable;
using ApiSex = CardBridge.Api.V1.Sex;

namespace CardBridge.Service.Api;

/// <summary>
/// Domain → proto, once (CONVENTIONS): a pre-read session becomes the <see cref="CardIdentity"/> the caller's
/// scopes allow. Fields a scope does not allow are left absent, never filled with an empty value.
/// </summary>
internal sealed class IdentityMapper(HolderPseudonym pseudonym)
{
    /// <summary>The identity of <paramref name="session"/> for <paramref name="caller"/>.</summary>
    /// <exception cref="RpcException">The pre-read failed (not a social security card, not genuine, unreadable), or the card is expired and that was not allowed.</exception>
    public CardIdentity ToIdentity(CardSession session, Caller caller, bool allowExpired)
    {
        var identity = IdentityOf(session);
        if (identity.Validity != Cards.Identity.CardValidity.Valid && !allowExpired)
        {
            throw RpcErrors.ForCardFailure(new CardExpiredException(identity.Card.ExpiryDate), session.Id)!;
        }
        var full = caller.Has(Scopes.IdentityFull);
        var result = new CardIdentity
        {
            SessionId = session.Id.ToString(),
            Reader = session.Reader,
            ReadAt = Timestamp.FromDateTimeOffset(session.ReadAt),
            Card = ToCard(identity, full),
            Genuineness = identity.Holder is not null && identity.Card.Generation == CardGeneration.Third
                ? Genuineness.Verified
                : Genuineness.NotChecked,
            VerifiedBy = identity.VerifiedBy switch
            {
                Cards.Authentication.KeyAuthority.Psam => KeyAuthority.Psam,
                Cards.Authentication.KeyAuthority.Hsm => KeyAuthority.Hsm,
                _ => KeyAuthority.Unspecified,
            },
            HolderUnavailable = identity.HolderUnavailable switch
            {
                HolderUnavailableReason.None => ApiHolderUnavailable.Unspecified,
                HolderUnavailableReason.NoAuthenticator => ApiHolderUnavailable.NoAuthenticator,
                _ => ApiHolderUnavailable.AuthenticationFailed,
            },
            HolderUnavailableDetail = identity.HolderUnavailable == HolderUnavailableReason.AuthenticationUnavailable
                ? identity.HolderUnavailableDetail ?? ""
                : "",
        };
        if (identity.Holder is { } holder)
        {
            result.Holder = ToHolder(holder, full);
        }
        return result;
    }

    /// <summary>The identity pre-read from <paramref name="session"/>'s card, or the typed error of why there is none.</summary>
    /// <exception cref="RpcException">The pre-read failed (not a social security card, not genuine, unreadable).</exception>
    public static IdentityReadResult IdentityOf(CardSession session) =>
        session.Identity ?? throw (RpcErrors.ForCardFailure(session.IdentityError ?? new CardDataException("the card was not read"), session.Id)
            ?? RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.CardUnreadable, "the card could not be read",
                (ErrorDomain.SessionId, session.Id.ToString())));

    public static CardKind KindOf(CardGeneration generation) => generation switch
    {
        CardGeneration.First => CardKind.FirstGeneration,
        CardGeneration.Second => CardKind.SecondGeneration,
        CardGeneration.Third => CardKind.ThirdGeneration,
        _ => CardKind.NotSocialSecurity,
    };

    private static CardInfo ToCard(IdentityReadResult identity, bool full)
    {
        var card = identity.Card;
        var info = new CardInfo
        {
            Kind = KindOf(card.Generation),
            SpecVersion = card.SpecVersion,
            Region = card.Region,
            CardCategory = card.CardCategory,
            IssueDate = DateOf(card.IssueDate),
            ExpiryDate = DateOf(card.ExpiryDate),
            Validity = identity.Validity switch
            {
                Cards.Identity.CardValidity.Valid => ApiCardValidity.Valid,
                Cards.Identity.CardValidity.Expired => ApiCardValidity.Expired,
                _ => ApiCardValidity.NotYetValid,
            },
            CardNumberMasked = Masked.CardNumber(card.CardNumber),
        };
        if (full)
        {
            info.CardNumber = card.CardNumber;
            info.CardIdentificationCode = card.CardIdentificationCodeHex;
        }
        return info;
    }

    private HolderInfo ToHolder(Holder holder, bool full)
    {
        var info = new HolderInfo
        {
            HolderId = pseudonym.Of(holder.Ssn),
            NameMasked = Masked.Name(holder.Name),
        };
        if (full)
        {
            info.Name = holder.Name;
            info.Ssn = holder.Ssn;
            info.Sex = holder.Sex switch
            {
                Cards.Identity.Sex.Male => ApiSex.Male,
                Cards.Identity.Sex.Female => ApiSex.Female,
                _ => ApiSex.NotStated,
            };
            info.Ethnicity = holder.Ethnicity;
            info.Birthplace = holder.Birthplace;
            info.BirthDate = DateOf(holder.BirthDate);
        }
        return info;
    }

    private static Timestamp DateOf(DateOnly date) =>
        Timestamp.FromDateTime(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
}
