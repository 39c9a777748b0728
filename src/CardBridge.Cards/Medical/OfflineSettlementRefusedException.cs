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
public sealed class OfflineSettlementRefusedException : CardException
{
    /// <summary>Creates the error for <paramref name="reason"/> and the log state read.</summary>
    public OfflineSettlementRefusedException(OfflineRefusal reason, OfflineLogState log)
        : base($"offline settlement refused: {reason}")
    {
        Reason = reason;
        Log = log;
    }

    /// <summary>Why.</summary>
    public OfflineRefusal Reason { get; }

    /// <summary>The offline log as read before refusing.</summary>
    public OfflineLogState Log { get; }
}
