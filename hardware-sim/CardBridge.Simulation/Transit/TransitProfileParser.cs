using CardBridge.Crypto;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Transit;

/// <summary>
/// Reads the <c>transit</c> section of a social security card profile: <c>balanceFen</c> and
/// <c>applicationSerial</c> (8 bytes hex) required; <c>algorithm</c> (des3 | sm4), <c>keyIndex</c>,
/// <c>keyVersion</c>, <c>overdraftLimitFen</c>, <c>offlineCounter</c>, <c>recordCapacity</c>, <c>issuerId</c>,
/// <c>validFrom</c>, <c>validUntil</c>, <c>purchaseMasterKey</c> and <c>tacMasterKey</c> (16 bytes hex) optional.
/// </summary>
internal static class TransitProfileParser
{
    public static TransitProfile Parse(JsonFields transit)
    {
        transit.RejectUnknown("balanceFen", "applicationSerial", "algorithm", "keyIndex", "keyVersion", "overdraftLimitFen",
            "offlineCounter", "recordCapacity", "issuerId", "validFrom", "validUntil", "purchaseMasterKey", "tacMasterKey");
        var balance = transit.Long("balanceFen", -1);
        if (balance is < 0 or > uint.MaxValue)
        {
            throw transit.Error("balanceFen", "is required and must fit in 4 bytes");
        }
        var overdraft = transit.Long("overdraftLimitFen", 0);
        if (overdraft > 0xFFFFFF)
        {
            throw transit.Error("overdraftLimitFen", "does not fit in 3 bytes");
        }
        var algorithm = transit.Enum<CardAlgorithm>("algorithm", CardAlgorithm.Des3);
        if (algorithm == CardAlgorithm.Ssf33)
        {
            throw transit.Error("algorithm", "SSF33 is not implemented; use des3 or sm4");
        }
        var defaults = new TransitProfile { BalanceFen = 0, ApplicationSerial = new byte[8] };
        return defaults with
        {
            BalanceFen = (uint)balance,
            ApplicationSerial = transit.Hex("applicationSerial", 8),
            Algorithm = algorithm,
            KeyIndex = (byte)transit.Int("keyIndex", defaults.KeyIndex, 0, 255),
            KeyVersion = (byte)transit.Int("keyVersion", defaults.KeyVersion, 0, 255),
            OverdraftLimitFen = (uint)overdraft,
            OfflineCounter = (ushort)transit.Int("offlineCounter", 0, 0, ushort.MaxValue),
            RecordCapacity = transit.Int("recordCapacity", defaults.RecordCapacity, 1, 254),
            IssuerId = transit.OptionalHex("issuerId", 8) ?? defaults.IssuerId,
            ValidFrom = transit.Has("validFrom") ? transit.Date("validFrom") : defaults.ValidFrom,
            ValidUntil = transit.Has("validUntil") ? transit.Date("validUntil") : defaults.ValidUntil,
            PurchaseMasterKey = transit.OptionalHex("purchaseMasterKey", 16) ?? defaults.PurchaseMasterKey,
            TacMasterKey = transit.OptionalHex("tacMasterKey", 16) ?? defaults.TacMasterKey,
        };
    }
}
