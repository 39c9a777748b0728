using System.Security.Cryptography;
using System.Text;
using CardBridge.Journal;

namespace CardBridge.Transit.Gate;

/// <summary>
/// How a decision becomes a <see cref="JournalKind.TransitRide"/> record: the gate id as terminal id, the fare as the
/// total (0 for free and refused rides), the purse's TAC and offline counter for a paid card ride, the card number or
/// QR account (encrypted by the journal), and as line-item hash the SHA-256 of the ride's canonical description
/// (<see cref="Describe"/>), which the gate's ride export can be matched against.
/// </summary>
internal static class RideJournal
{
    public static JournalDraft Draft(TapDecision decision, RideRecord ride)
    {
        var (fare, outcome) = decision switch
        {
            AllowedRide allowed => (allowed.FareFen, allowed.FreeReason is { } reason ? $"free:{reason}:{allowed.FreeCategory}" : "paid"),
            RefusedRide refused => (0u, $"refused:{refused.Reason}"),
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };
        return new JournalDraft(
            decision.RideId,
            ride.GateId,
            JournalKind.TransitRide,
            PaymentSplit.Total(fare),
            SHA256.HashData(Encoding.UTF8.GetBytes(Describe(ride, decision.Medium, outcome))),
            ride.Tac,
            ride.Counter,
            new PersonalFields(ride.CardOrAccount, ride.Ssn, null));
    }

    public static string Describe(RideRecord ride, TapMedium medium, string outcome) =>
        string.Join('|', "ride-v1", ride.GateId, ride.Line, ride.Stop, medium, outcome);
}

/// <summary>What the journal keeps of a ride besides the decision.</summary>
internal sealed record RideRecord(
    string GateId, string Line, string Stop, string CardOrAccount, string? Ssn, ReadOnlyMemory<byte> Tac, ReadOnlyMemory<byte> Counter);
