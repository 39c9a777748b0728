namespace CardBridge.Cards.Medical;

/// <summary>Why the card cannot take another offline settlement; the terminal must settle online.</summary>
public enum OfflineRefusal
{
    /// <summary>EF06 tag 90 says offline settlement is not allowed.</summary>
    NotAllowed,

    /// <summary>The previous offline settlement was torn (<see cref="OfflineSettlementWriter.RepairAsync"/> completes it).</summary>
    LogTorn,

    /// <summary>EF06 and EF08 disagree beyond a torn write.</summary>
    LogInconsistent,

    /// <summary>The offline count or cumulative amount cannot grow further.</summary>
    LimitReached,

    /// <summary>The medical purse holds less than the personal-account amount (INITIALIZE FOR PURCHASE 9401).</summary>
    InsufficientFunds,
}

/// <summary>The card refused an offline settlement before anything was written.</summary>
public sealed class OfflineSettlementRefusedException(OfflineRefusal reason, OfflineLogState log) : CardException($"offline settlement refused: {reason}")
{
    /// <summary>Why.</summary>
    public OfflineRefusal Reason { get; } = reason;

    /// <summary>The offline log as read before refusing.</summary>
    public OfflineLogState Log { get; } = log;
}
