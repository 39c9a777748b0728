using CardBridge.Api.V1;
using CardBridge.Cards;
using CardBridge.Cards.Medical;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Terminal;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>
/// Reads a card's own DF04 records for CardService.ReadMedicalRecords and SettlementService.QueryAccount: the basics
/// without a PIN; with <c>pin</c> or the reader's PIN pad also EF06 and EF08, which the card opens only after VERIFY.
/// </summary>
internal static class CardRecords
{
    public static Task<MedicalRecordsOnCard> ReadAsync(
        CardTerminal terminal, CardSession session, PinBuffer? pin, bool usePinPad, CancellationToken cancellationToken) =>
        CardWork.OnReaderAsync(terminal, session, async (access, ct) =>
        {
            var medical = new MedicalRecords(access.Channel, new HolderPin(terminal, access, session, pin));
            try
            {
                return pin is not null || usePinPad
                    ? CardMapper.ToRecords(await medical.ReadAsync(ct))
                    : CardMapper.ToRecords(await medical.ReadBasicsAsync(ct));
            }
            catch (CardCommandException e) when (e.StatusWord == StatusWord.FileNotFound)
            {
                throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.NoMedicalApplication,
                    "the card has no medical insurance application (DF04) or lacks one of its files", (ErrorDomain.SessionId, session.Id.ToString()));
            }
        }, cancellationToken);

    /// <summary>The holder's PIN for DF04: typed at the host, else on the reader's PIN pad.</summary>
    private sealed class HolderPin(CardTerminal terminal, CardAccess access, CardSession session, PinBuffer? pin) : ICardholderVerifier
    {
        public async Task VerifyAsync(ICardChannel card, CancellationToken cancellationToken)
        {
            if (pin is not null)
            {
                await new CardPin(card).VerifyAsync(pin, cancellationToken);
                return;
            }
            await CardWork.VerifyOnPadAsync(terminal, session, await CardWork.PinPadAsync(access, session, cancellationToken), cancellationToken);
        }
    }
}
