using CardBridge.Service.Observability;

namespace CardBridge.Service.StatusPage;

/// <summary>What the status page shows, as <c>/status.json</c> serves it. Card numbers only masked; no names, no ids.</summary>
/// <param name="At">When it was taken.</param>
/// <param name="Simulated">True in simulator mode.</param>
/// <param name="Readers">Every reader and whether it holds a card.</param>
/// <param name="Sessions">The card sessions open now.</param>
/// <param name="Scanners">Every QR scanner and whether it is connected.</param>
/// <param name="Journal">The offline journal's backlog.</param>
/// <param name="Centre">The centre's state.</param>
/// <param name="RecentErrors">The last failed calls, newest first.</param>
/// <param name="Latency">The last APDU round trips, oldest first.</param>
/// <param name="RiderLists">The fare gate's rider lists and their last sync; null when the terminal is no gate.</param>
/// <param name="Hsm">The HSM platform's state; null when none is configured.</param>
/// <param name="Psam">The PSAM and whether it answers; null when none is configured.</param>
internal sealed record StatusReport(
    DateTimeOffset At,
    bool Simulated,
    IReadOnlyList<ReaderStatus> Readers,
    IReadOnlyList<SessionStatus> Sessions,
    IReadOnlyList<ScannerStatus> Scanners,
    JournalStatus Journal,
    CentreStatus Centre,
    IReadOnlyList<RecentError> RecentErrors,
    IReadOnlyList<ApduSample> Latency,
    RiderListsStatus? RiderLists = null,
    HsmStatus? Hsm = null,
    PsamStatus? Psam = null);

/// <summary>One reader: <c>empty</c>, <c>card</c> (a card is in but has no session) or <c>session</c>.</summary>
internal sealed record ReaderStatus(string Name, string State);

/// <summary>One open card session, its card number masked (<c>SI**********01</c>).</summary>
internal sealed record SessionStatus(string Reader, string Generation, string CardNumberMasked, string IdentityRead, DateTimeOffset ReadAt);

/// <summary>The PSAM: <c>available</c> or <c>unavailable</c>, and the PC/SC code of its last failure.</summary>
internal sealed record PsamStatus(string Reader, string State, string? Fault);

/// <summary>One QR scanner.</summary>
internal sealed record ScannerStatus(string Name, bool Connected);

/// <summary>The journal's backlog; <see cref="OldestPendingSeconds"/> is null when nothing waits.</summary>
internal sealed record JournalStatus(long Pending, double? OldestPendingSeconds, long Uploaded, long Rejected);

/// <summary>The centre: <c>online</c>, <c>offline</c> (circuit open) or <c>stopped</c>, and since when.</summary>
internal sealed record CentreStatus(string State, DateTimeOffset? Since);

/// <summary>
/// The HSM platform: <see cref="State"/> <c>available</c>, <c>unavailable</c> (breaker open: cards fail at once) or
/// <c>probing</c>, since when (null: since start), its last answer and its last failure (why, for people; no card data).
/// </summary>
internal sealed record HsmStatus(string State, DateTimeOffset? Since, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastFailure);

/// <summary>
/// The rider lists (names, versions, sizes and ages — never an entry) and the last sync: <see cref="LastSync"/> is
/// <c>ok</c>, a failure reason (<c>centre_unavailable</c>, <c>malformed_answer</c>…) or null before the first.
/// </summary>
internal sealed record RiderListsStatus(bool SyncEnabled, IReadOnlyList<RiderListStatus> Lists, DateTimeOffset? LastSyncAt, string? LastSync);

/// <summary>One rider list: how old it is counts from <see cref="SyncedAt"/> (when the centre last sent or confirmed it).</summary>
internal sealed record RiderListStatus(string Name, string Version, int Entries, DateTimeOffset SyncedAt, double AgeSeconds);
