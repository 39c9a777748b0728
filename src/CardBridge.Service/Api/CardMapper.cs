using CardBridge.Api.V1;
using CardBridge.Cards;
using CardBridge.Cards.Financial;
using CardBridge.Cards.Medical;
using CardBridge.Cards.Privacy;
using Google.Protobuf.WellKnownTypes;
using ApiOfflineLogStatus = CardBridge.Api.V1.OfflineLogStatus;
using ApiTransactionType = CardBridge.Api.V1.MedicalTransactionType;
using ApiUsageMode = CardBridge.Api.V1.MedicalUsageMode;
using OfflineLogStatus = CardBridge.Cards.Medical.OfflineLogStatus;

namespace CardBridge.Service.Api;

/// <summary>Turns the card layer's bank account reference and DF04 records into CardService messages.</summary>
internal static class CardMapper
{
    /// <summary>The account with its PAN whole only when <paramref name="revealPan"/> (scope <c>bank.full</c>).</summary>
    public static BankAccount ToBankAccount(BankAccountReference account, bool revealPan, DateTimeOffset now)
    {
        var whole = revealPan && account.PanRevealed;
        return new BankAccount
        {
            Pan = whole ? Masked.GroupedByFour(account.Pan) : account.MaskedPan,
            PanRevealed = whole,
            ExpiryDate = Timestamp.FromDateTime(account.Expiry.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
            Expired = account.IsExpiredOn(DateOnly.FromDateTime(ChinaStandardTime.Of(now).DateTime)),
        };
    }

    /// <summary>EF05 only: the PIN was not given.</summary>
    public static MedicalRecordsOnCard ToRecords(MedicalBasics basics) => new()
    {
        InsuranceType = basics.InsuranceType,
        UsageMode = basics.UsageMode == Cards.Medical.MedicalUsageMode.Offline ? ApiUsageMode.Offline : ApiUsageMode.Online,
    };

    /// <summary>EF05, EF06 and EF08, read after the PIN.</summary>
    public static MedicalRecordsOnCard ToRecords(MedicalSnapshot snapshot)
    {
        var records = ToRecords(snapshot.Basics);
        records.PinVerified = true;
        records.Offline = new OfflineSettlementOnCard
        {
            Allowed = snapshot.Offline.OfflineAllowed,
            CumulativeAmountFen = snapshot.Offline.CumulativeAmountFen,
            Count = snapshot.Offline.Count,
        };
        records.Transactions.AddRange(snapshot.Transactions.Select(t => new MedicalTransactionOnCard
        {
            Sequence = t.Sequence,
            Type = t.Type switch
            {
                Cards.Medical.MedicalTransactionType.Load => ApiTransactionType.Load,
                Cards.Medical.MedicalTransactionType.Settlement => ApiTransactionType.Settlement,
                _ => ApiTransactionType.OfflineSettlement,
            },
            TerminalId = t.TerminalId,
            // The card keeps China Standard Time without an offset.
            Time = Timestamp.FromDateTimeOffset(new DateTimeOffset(t.Time, ChinaStandardTime.Offset)),
            AccountFen = t.AccountFen,
            SelfPayFen = t.SelfPayFen,
            PooledFen = t.PooledFen,
        }));
        records.OfflineLog = snapshot.Log.Status switch
        {
            OfflineLogStatus.Consistent => ApiOfflineLogStatus.Consistent,
            OfflineLogStatus.Torn => ApiOfflineLogStatus.Torn,
            _ => ApiOfflineLogStatus.Inconsistent,
        };
        return records;
    }
}
