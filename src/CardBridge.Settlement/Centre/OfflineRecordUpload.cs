using CardBridge.Journal;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// An offline settlement submitted to the centre after the fact. The centre keys it by <see cref="RecordId"/>, so
/// submitting the same record again is safe: it is answered as a duplicate and never applied twice.
/// </summary>
/// <param name="RecordId">The journal record's UUID: the centre-side idempotency key.</param>
/// <param name="Sequence">The journal sequence number (for the centre's ordering checks and for people).</param>
/// <param name="TerminalId">The terminal that settled offline.</param>
/// <param name="PersonNo">The centre's person number, when it was known offline; otherwise empty.</param>
/// <param name="CardNumber">The social security card number (personal data).</param>
/// <param name="SettledAt">When the offline settlement happened.</param>
/// <param name="Amounts">How the bill was split offline.</param>
/// <param name="Tac">The card's transaction authentication code for the purse debit, hex.</param>
/// <param name="LineItemHash">The hash of the bill's line items, hex.</param>
/// <param name="Kind">The journal kind of the record (<c>offline-medical-settlement</c>, <c>transit-ride</c>…).</param>
public sealed record OfflineRecordUpload(
    Guid RecordId,
    long Sequence,
    string TerminalId,
    string PersonNo,
    string CardNumber,
    DateTimeOffset SettledAt,
    PaymentSplit Amounts,
    string Tac,
    string LineItemHash,
    string Kind = "offline-medical-settlement");
