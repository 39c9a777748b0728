using System.Buffers.Binary;
using CardBridge.Cards.Authentication;
using CardBridge.Cards.Medical;
using CardBridge.Cards.Pin;
using CardBridge.Cards.Transit;
using CardBridge.Iso7816;
using CardBridge.Service.Hosting;
using CardBridge.Settlement.Workflow;
using CardBridge.Terminal;

namespace CardBridge.Service.Api;

/// <summary>
/// Writes an offline settlement to the card of a live session (DESIGN §8): DF04 medical purse debit with MAC1/MAC2
/// from the shared PSAM, then the EF06 offline totals with secure messaging. The holder's PIN, verified earlier in
/// the same call, opens DF04: a host-typed PIN is sent again for it, a PIN-pad entry still holds on the card.
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
        return await psam.RunAsync(async (psamChannel, ct) =>
        {
            var writer = new OfflineSettlementWriter(access.Channel, new Verifier(pin), new PsamSecureMessagingMac(psamChannel), psamChannel);
            try
            {
                return Proof(await AppendRepairingAsync(writer, key, settlement, ct));
            }
            catch (OfflineSettlementTornException torn)
            {
                // Debited, its EF06 totals not yet written: the settlement is on the card. Complete the log if the
                // card is still here; otherwise the next offline settlement with this card completes it.
                await TryRepairAsync(writer, key, ct);
                return Proof(torn.Write);
            }
            catch (OfflineSettlementRefusedException refused)
            {
                throw new OfflineLimitExceededException(OfflineLimit.CardRefused, $"the card refuses offline settlement: {refused.Reason}", refused);
            }
            catch (PurseMacException mac) when (mac.DebitMayHaveHappened)
            {
                throw new CardWriteUncertainException("the PSAM refused the card's MAC2 after the debit", mac);
            }
            catch (Exception e) when (e is CardRemovedException or Pcsc.PcscCardAbsentException or Pcsc.PcscCardResetException or CardMuteException)
            {
                throw new CardWriteUncertainException("the card left during the offline settlement write", e);
            }
        }, cancellationToken);
    }

    private static async Task<OfflineCardWrite> AppendRepairingAsync(
        OfflineSettlementWriter writer, CardKeyContext key, OfflineSettlement settlement, CancellationToken cancellationToken)
    {
        try
        {
            return await writer.AppendAsync(key, settlement, cancellationToken);
        }
        catch (OfflineSettlementRefusedException refused) when (refused.Reason == OfflineRefusal.LogTorn)
        {
            // An earlier write was torn (card pulled after its debit): complete it, then write this one.
            await writer.RepairAsync(key, cancellationToken);
            return await writer.AppendAsync(key, settlement, cancellationToken);
        }
    }

    private static async Task TryRepairAsync(OfflineSettlementWriter writer, CardKeyContext key, CancellationToken cancellationToken)
    {
        try
        {
            await writer.RepairAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is Cards.CardException or CardMuteException or Pcsc.PcscException)
        {
            // The card is gone or refuses: the torn log is repaired the next time it settles offline.
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
