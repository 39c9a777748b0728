using System.Buffers.Binary;
using CardBridge.Cards.Authentication;
using CardBridge.Cards.Medical;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Settlement.Workflow;
using CardBridge.Terminal;

namespace CardBridge.Service.Api;

/// <summary>
/// Binds the card of a live session and the shared PSAM to the settlement workflow's <see cref="IOfflineCardWriter"/>
/// (DESIGN §8): the Cards layer's <see cref="OfflineSettlementWriter.AppendRepairingAsync"/> writes, and its refusal
/// or uncertainty becomes the workflow's. The holder's PIN, verified earlier in the same call, opens DF04: a
/// host-typed PIN is sent again for it, a PIN-pad entry still holds on the card.
/// </summary>
internal sealed class CardOfflineWriter(CardAccess access, CardSession session, SharedPsam psam, PinBuffer? pin) : IOfflineCardWriter
{
    public async Task<OfflineCardProof> WriteAsync(OfflineCardEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var card = session.Identity?.Card ?? throw new InvalidOperationException("the session has no identity to key the card write");
        var key = new CardKeyContext(card.CardIdentificationCode,
            card.Algorithm ?? throw new OfflineLimitExceededException(OfflineLimit.CardRefused, "the card names no algorithm for its keys"));
        var local = Cards.ChinaStandardTime.Of(entry.At);
        var settlement = new OfflineSettlement(
            entry.TerminalId,
            new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, DateTimeKind.Unspecified),
            checked((uint)entry.AccountFen), checked((uint)entry.SelfPayFen), checked((uint)entry.PooledFen));
        try
        {
            var write = await psam.RunAsync(
                (psamChannel, ct) => new OfflineSettlementWriter(access.Channel, new Verifier(pin), new PsamSecureMessagingMac(psamChannel), psamChannel)
                    .AppendRepairingAsync(key, settlement, ct),
                cancellationToken);
            return Proof(write);
        }
        catch (OfflineSettlementRefusedException refused)
        {
            throw new OfflineLimitExceededException(OfflineLimit.CardRefused, $"the card refuses offline settlement: {refused.Reason}", refused);
        }
        catch (OfflineSettlementUncertainException uncertain)
        {
            throw new CardWriteUncertainException(uncertain.Message, uncertain);
        }
    }

    private static OfflineCardProof Proof(OfflineCardWrite write)
    {
        var counter = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(counter, write.CardTransactionCounter);
        return new OfflineCardProof(write.Tac, counter);
    }

    private sealed class Verifier(PinBuffer? pin) : ICardholderVerifier
    {
        public async Task VerifyAsync(ICardChannel card, CancellationToken cancellationToken)
        {
            if (pin is not null)
            {
                await new CardPin(card).VerifyAsync(pin, cancellationToken);
            }
        }
    }
}
