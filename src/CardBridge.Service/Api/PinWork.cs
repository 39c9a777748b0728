using CardBridge.Api.V1;
using CardBridge.Cards.Authentication;
using CardBridge.Cards.Pin;
using CardBridge.Terminal;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>
/// The PIN's lifecycle beyond verification (DESIGN §8): its status without spending a try, a change typed on the PIN
/// pad, and the counter's unblock and reload under secure messaging with the PSAM computing the MAC.
/// </summary>
internal static class PinWork
{
    private const int CardIdentificationCodeHexLength = 32;

    /// <summary>VERIFY with no data on the session's card.</summary>
    public static Task<PinStatus> StatusAsync(CardTerminal terminal, CardSession session, CancellationToken cancellationToken) =>
        CardWork.OnReaderAsync(terminal, session, async (access, ct) =>
        {
            await CardWork.SelectSsseAsync(access.Channel, ct);
            return await new CardPin(access.Channel).GetStatusAsync(ct);
        }, cancellationToken);

    /// <summary>CHANGE PIN built by the reader from what the holder types on its pad (MODIFY_PIN_DIRECT).</summary>
    public static Task ChangeOnPadAsync(CardTerminal terminal, CardSession session, CancellationToken cancellationToken) =>
        CardWork.OnReaderAsync(terminal, session, async (access, ct) =>
        {
            // No pad, no card command: the reader is asked before the card is touched.
            var pad = access.ReaderControl is { } control ? await SecurePinPad.DiscoverAsync(control, ct) : null;
            if (pad is not { CanModify: true })
            {
                throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.PinPadUnavailable,
                    "this reader offers no PIN pad that changes PINs (PC/SC part 10 MODIFY_PIN_DIRECT)", (ErrorDomain.Reader, session.Reader));
            }
            await CardWork.SelectSsseAsync(access.Channel, ct);
            await CardWork.EnterOnPadAsync(terminal, session, inner => pad.ModifyAsync(new PinModifyStructure(), inner), ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Unblocks (<paramref name="newPin"/> null) or reloads the PIN of the session's card with the PSAM's MAC, then reads
    /// back the retry counter.
    /// </summary>
    public static Task<PinStatus> ResetAsync(CardTerminal terminal, SharedPsam? psam, CardSession session, PinBuffer? newPin, CancellationToken cancellationToken)
    {
        var card = IdentityMapper.IdentityOf(session).Card;
        if (psam is null || card.Algorithm is not { } algorithm)
        {
            throw SecureMessagingUnavailable(session, psam is null
                ? "no PSAM is configured (Readers:PsamReader) to compute the secure-messaging MAC"
                : "the card names no algorithm for its keys");
        }
        var context = new CardKeyContext(card.CardIdentificationCode, algorithm);
        return CardWork.OnReaderAsync(terminal, session, (access, ct) => psam.RunAsync(async (psamChannel, inner) =>
        {
            var key = new PsamSecureMessagingKey(new PsamAuthenticator(psamChannel, psam.KeyIndex));
            var pin = new CardPin(access.Channel);
            await CardWork.SelectSsseAsync(access.Channel, inner);
            try
            {
                await (newPin is null ? pin.UnblockAsync(key, context, inner) : pin.ReloadAsync(newPin, key, context, inner));
            }
            catch (AuthenticationUnavailableException e)
            {
                throw SecureMessagingUnavailable(session, e.Message);
            }
            return await pin.GetStatusAsync(inner);
        }, ct), cancellationToken);
    }

    /// <summary>The purpose a counter operation must carry: present and at most the audit's length.</summary>
    public static void RequireOperatorPurpose(string purpose)
    {
        RequestFields.RequirePurpose(purpose);
        if (string.IsNullOrWhiteSpace(purpose))
        {
            throw RpcErrors.InvalidRequest("purpose", "required: say why the PIN is unblocked or reloaded (the audit log records it)");
        }
    }

    /// <summary>A well-formed <c>expected_card_identification_code</c>, checked before the session is looked for.</summary>
    public static void RequireWellFormedExpectation(string expected)
    {
        if (expected.Length > 0 && (expected.Length != CardIdentificationCodeHexLength || !expected.All(char.IsAsciiHexDigit)))
        {
            throw RpcErrors.InvalidRequest("expected_card_identification_code", $"{CardIdentificationCodeHexLength} hex digits (EF05 tag 01)");
        }
    }

    /// <summary>CARD_MISMATCH unless the session's card is the one <paramref name="expected"/> names (empty: any).</summary>
    public static void RequireExpectedCard(CardSession session, string expected)
    {
        if (expected.Length > 0
            && !string.Equals(session.Identity?.Card.CardIdentificationCodeHex, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.CardMismatch,
                "the card in the reader is not the one the request names", (ErrorDomain.SessionId, session.Id.ToString()));
        }
    }

    private static RpcException SecureMessagingUnavailable(CardSession session, string why) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.SecureMessagingUnavailable, why, (ErrorDomain.SessionId, session.Id.ToString()));
}
