using CardBridge.Api.V1;
using CardBridge.Transit.Gate;
using Google.Protobuf.WellKnownTypes;
using ApiFreeRideReason = CardBridge.Api.V1.FreeRideReason;
using ApiTapMedium = CardBridge.Api.V1.TapMedium;

namespace CardBridge.Service.Transit;

/// <summary>Gate decisions and rider list states → proto, once; nothing personal crosses (the rider is named by the ride id only, a list by its name and size).</summary>
internal static class TransitMapper
{
    public static RiderListState ToProto(RiderListSyncState state) => new()
    {
        Name = state.Name,
        Version = state.Version,
        SyncedAt = Timestamp.FromDateTimeOffset(state.SyncedAt),
        EntryCount = (uint)state.EntryCount,
        Changed = state.Changed,
    };

    public static GateDecision ToProto(GateDecisionEvent decided)
    {
        var decision = decided.Decision;
        var result = new GateDecision
        {
            RideId = decision.RideId.ToString(),
            GateId = decided.GateId,
            Line = decided.Line,
            Stop = decided.Stop,
            Medium = decision.Medium == CardBridge.Transit.Gate.TapMedium.Card ? ApiTapMedium.Card : ApiTapMedium.QrCode,
            DecidedAt = Timestamp.FromDateTimeOffset(decision.DecidedAt),
            Repeated = decision.Repeated,
            StaleLists = { decision.StaleLists },
            Journaled = decided.Journaled,
            Timing = new TapTiming
            {
                Apdu = Duration.FromTimeSpan(decision.Latency.Apdu),
                Own = Duration.FromTimeSpan(decision.Latency.Own),
            },
        };
        if (decided.SincePresented is { } since)
        {
            result.Timing.SincePresented = Duration.FromTimeSpan(since);
        }
        switch (decision)
        {
            case AllowedRide allowed:
                result.Allowed = new Allowed
                {
                    FreeReason = allowed.FreeReason switch
                    {
                        CardBridge.Transit.Eligibility.FreeRideReason.Age => ApiFreeRideReason.Age,
                        CardBridge.Transit.Eligibility.FreeRideReason.Category => ApiFreeRideReason.Category,
                        _ => ApiFreeRideReason.Unspecified,
                    },
                    FreeCategory = allowed.FreeCategory ?? "",
                    FareFen = allowed.FareFen,
                    Recovered = allowed.Recovered,
                };
                if (allowed.BalanceAfterFen is { } balance)
                {
                    result.Allowed.BalanceAfterFen = balance;
                }
                break;
            case RefusedRide refused:
                result.Refused = new Refused
                {
                    Reason = refused.Reason switch
                    {
                        RefusalReason.HotListed => TapRefusal.HotListed,
                        RefusalReason.InsufficientBalance => TapRefusal.InsufficientBalance,
                        RefusalReason.NoPurse => TapRefusal.NoPurse,
                        RefusalReason.FareExceedsLimit => TapRefusal.FareExceedsLimit,
                        RefusalReason.PurchaseUnresolved => TapRefusal.PurchaseUnresolved,
                        RefusalReason.CardNotAccepted => TapRefusal.CardNotAccepted,
                        _ => TapRefusal.Unspecified,
                    },
                    FareFen = refused.FareFen,
                };
                if (refused.BalanceFen is { } held)
                {
                    result.Refused.BalanceFen = held;
                }
                break;
        }
        return result;
    }
}
