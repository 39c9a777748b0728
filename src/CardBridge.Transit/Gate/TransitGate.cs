using CardBridge.Cards;
using CardBridge.Cards.Authentication;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Transit;
using CardBridge.Iso7816;
using CardBridge.Journal;
using CardBridge.Qr.Transit;
using CardBridge.Transit.Eligibility;

namespace CardBridge.Transit.Gate;

/// <summary>
/// The fare gate's decision (DESIGN §10): recognise the card or code → eligibility (<see cref="EligibilityRules"/> on
/// the lists in use) → free ride, or the fare (a purse purchase through the gate's PSAM for a card, charged later to
/// the account for a QR code) → the ride into the offline journal (<see cref="JournalKind.TransitRide"/>, uploaded
/// later by the journal's uploader; the centre is never asked) → the decision. A second tap of the same rider on the
/// same gate within <see cref="TransitOptions.DoubleTapWindow"/> gets the first decision marked repeated: nothing is
/// charged, nothing journaled. Safe for concurrent taps on different gates.
/// </summary>
public sealed class TransitGate
{
    private readonly TransitOptions _options;
    private readonly EligibilityPolicy _policy;
    private readonly RiderKeys _keys;
    private readonly RiderListStore _lists;
    private readonly IPendingPurchaseStore _pending;
    private readonly OfflineJournal _journal;
    private readonly TimeProvider _time;
    private readonly Func<Guid> _newId;
    private readonly DoubleTapFilter _recent;

    /// <summary>Creates the gate logic.</summary>
    /// <param name="options">Validated options (<see cref="TransitOptions.Validate"/>).</param>
    /// <param name="lists">The rider lists in use.</param>
    /// <param name="pendingPurchases">Interrupted purchases; durable (<see cref="Fare.SqlitePendingPurchaseStore"/>) in production.</param>
    /// <param name="journal">The offline journal rides are written to.</param>
    /// <param name="time">The clock for dates, the double-tap window and latency.</param>
    /// <param name="newId">The source of ride ids (journal record UUIDs).</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public TransitGate(
        TransitOptions options, RiderListStore lists, IPendingPurchaseStore pendingPurchases, OfflineJournal journal, TimeProvider time, Func<Guid> newId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(pendingPurchases);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(newId);
        _policy = options.ToPolicy();
        _options = options;
        _keys = new RiderKeys(options.ListKeyBytes());
        _lists = lists;
        _pending = pendingPurchases;
        _journal = journal;
        _time = time;
        _newId = newId;
        _recent = new DoubleTapFilter(options.DoubleTapWindow, time);
    }

    /// <summary>Decides a card tap on gate <paramref name="gateId"/> of <paramref name="line"/> at <paramref name="stop"/>.</summary>
    /// <exception cref="TapInterruptedException">The card left before the decision; tap again.</exception>
    /// <exception cref="CardException">The card is not a readable social security card (not one, forged, malformed answers).</exception>
    /// <exception cref="RideNotJournaledException">The ride was decided but could not be journaled (storage failed); it carries the decision.</exception>
    public async Task<TapDecision> TapAsync(CardTap tap, string gateId, string line, string stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tap);
        EnsureRide(gateId, line, stop);
        var start = _time.GetTimestamp();
        var clock = new ApduClock(_time);
        var card = new TimedCardChannel(tap.Card, clock);
        var psam = new TimedCardChannel(tap.Psam, clock);
        try
        {
            var identity = tap.PreRead ?? await new IdentityReader(new PsamAuthenticator(psam), _time).ReadAsync(card, tap.Atr, cancellationToken);
            var cardNumber = identity.Card.CardNumber;
            var riderKey = _keys.Card(cardNumber);
            if (_recent.Find(gateId, riderKey) is { } first)
            {
                return first with { Repeated = true, Latency = Latency(start, clock) };
            }
            List<string> keys = [riderKey];
            if (identity.Holder is { } holder)
            {
                keys.Add(_keys.Ssn(holder.Ssn));
            }
            var instant = _time.GetUtcNow();
            var eligibility = EligibilityRules.Evaluate(new RiderFacts(identity.Holder?.BirthDate, keys), _lists.Current, instant, _policy);
            var ride = new RideRecord(gateId, line, stop, cardNumber, identity.Holder?.Ssn, default, default);
            var id = _newId();
            TapDecision decision;
            switch (eligibility.Verdict)
            {
                case EligibilityVerdict.HotListed:
                    decision = Refused(id, TapMedium.Card, instant, eligibility, RefusalReason.HotListed, null, 0);
                    break;
                case EligibilityVerdict.Free:
                    decision = Free(id, TapMedium.Card, instant, eligibility);
                    break;
                default:
                    (decision, ride) = await ChargeCardAsync(id, instant, eligibility, card, psam, ride, cancellationToken);
                    break;
            }
            return await RecordAsync(decision, ride, riderKey, start, clock, cancellationToken);
        }
        catch (CardRemovedException e)
        {
            throw new TapInterruptedException("The card left the reader before the gate decided; tap again.", e);
        }
    }

    /// <summary>Decides a tap of a verified transit QR code on gate <paramref name="gateId"/> of <paramref name="line"/> at <paramref name="stop"/>.</summary>
    /// <exception cref="RideNotJournaledException">The ride was decided but could not be journaled (storage failed); it carries the decision.</exception>
    public async Task<TapDecision> TapAsync(TransitQrCredential code, string gateId, string line, string stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        EnsureRide(gateId, line, stop);
        var start = _time.GetTimestamp();
        var clock = new ApduClock(_time);
        var riderKey = _keys.Account(code.AccountId);
        if (_recent.Find(gateId, riderKey) is { } first)
        {
            return first with { Repeated = true, Latency = Latency(start, clock) };
        }
        var instant = _time.GetUtcNow();
        var eligibility = EligibilityRules.Evaluate(new RiderFacts(null, [riderKey]), _lists.Current, instant, _policy);
        var id = _newId();
        var fare = _options.FareFor(line);
        TapDecision decision = eligibility.Verdict switch
        {
            EligibilityVerdict.HotListed => Refused(id, TapMedium.QrCode, instant, eligibility, RefusalReason.HotListed, null, 0),
            EligibilityVerdict.Free => Free(id, TapMedium.QrCode, instant, eligibility),
            _ when fare > code.PerTripLimitFen => Refused(id, TapMedium.QrCode, instant, eligibility, RefusalReason.FareExceedsLimit, null, fare),
            _ => new AllowedRide(id, TapMedium.QrCode, instant, false, eligibility.StaleLists, default, null, null, fare, null, false),
        };
        var ride = new RideRecord(gateId, line, stop, code.AccountId, null, default, default);
        return await RecordAsync(decision, ride, riderKey, start, clock, cancellationToken);
    }

    private async Task<(TapDecision Decision, RideRecord Ride)> ChargeCardAsync(
        Guid id, DateTimeOffset instant, Eligibility.Eligibility eligibility, ICardChannel card, ICardChannel psam, RideRecord ride,
        CancellationToken cancellationToken)
    {
        var fare = _options.FareFor(ride.Line);
        if (fare == 0)
        {
            return (new AllowedRide(id, TapMedium.Card, instant, false, eligibility.StaleLists, default, null, null, 0, null, false), ride);
        }
        var purse = new TransitPurse(card, _pending);
        var localTime = TimeZoneInfo.ConvertTime(instant, _policy.TimeZone).DateTime;
        try
        {
            var result = await purse.PurchaseAsync(fare, new PurchaseContext(localTime, _options.PurchaseKeyIndex), psam, cancellationToken);
            var counter = new byte[] { (byte)(result.OfflineCounter >> 8), (byte)result.OfflineCounter };
            return (new AllowedRide(id, TapMedium.Card, instant, false, eligibility.StaleLists, default, null, null,
                result.AmountFen, result.BalanceFen, result.Recovered), ride with { Tac = result.Tac, Counter = counter });
        }
        catch (InsufficientFundsException e)
        {
            return (Refused(id, TapMedium.Card, instant, eligibility, RefusalReason.InsufficientBalance, e.BalanceFen, fare), ride);
        }
        catch (PurseNotAvailableException)
        {
            return (Refused(id, TapMedium.Card, instant, eligibility, RefusalReason.NoPurse, null, fare), ride);
        }
        catch (PurchaseRecoveryException)
        {
            return (Refused(id, TapMedium.Card, instant, eligibility, RefusalReason.PurchaseUnresolved, null, fare), ride);
        }
        catch (PurseMacException)
        {
            return (Refused(id, TapMedium.Card, instant, eligibility, RefusalReason.CardNotAccepted, null, fare), ride);
        }
    }

    private async Task<TapDecision> RecordAsync(
        TapDecision decision, RideRecord ride, string riderKey, long start, ApduClock clock, CancellationToken cancellationToken)
    {
        try
        {
            await _journal.AppendAsync(RideJournal.Draft(decision, ride), cancellationToken);
        }
        catch (JournalUnavailableException e)
        {
            // Remembered all the same: the decision stands (a paid ride's purse was debited), and a retap within the
            // window must get it again rather than a second charge.
            _recent.Remember(ride.GateId, riderKey, decision);
            throw new RideNotJournaledException(decision with { Latency = Latency(start, clock) }, e);
        }
        _recent.Remember(ride.GateId, riderKey, decision);
        return decision with { Latency = Latency(start, clock) };
    }

    private TapLatency Latency(long start, ApduClock clock)
    {
        var total = _time.GetElapsedTime(start);
        var apdu = clock.Elapsed;
        return new TapLatency(apdu, total > apdu ? total - apdu : TimeSpan.Zero);
    }

    private static AllowedRide Free(Guid id, TapMedium medium, DateTimeOffset instant, Eligibility.Eligibility eligibility) =>
        new(id, medium, instant, false, eligibility.StaleLists, default, eligibility.FreeReason, eligibility.Category, 0, null, false);

    private static RefusedRide Refused(
        Guid id, TapMedium medium, DateTimeOffset instant, Eligibility.Eligibility eligibility, RefusalReason reason, uint? balanceFen, uint fareFen) =>
        new(id, medium, instant, false, eligibility.StaleLists, default, reason, balanceFen, fareFen);

    private static void EnsureRide(string gateId, string line, string stop)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gateId);
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        ArgumentException.ThrowIfNullOrWhiteSpace(stop);
    }
}
