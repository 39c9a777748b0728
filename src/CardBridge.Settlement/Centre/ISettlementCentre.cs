namespace CardBridge.Settlement.Centre;

/// <summary>
/// The medical-insurance centre (DESIGN §2, §9): the hardware interface of the settlement layer. Implementations:
/// <see cref="HttpSettlementCentre"/> (the real platform over HTTP+JSON) and the simulator in hardware-sim, reached
/// through the same class. Every failure is a <see cref="SettlementException"/>: <see cref="CentreUnavailableException"/>,
/// <see cref="CentreRejectedException"/>, <see cref="CentreProtocolException"/>, and for calls that change anything
/// <see cref="SettleReversedException"/> or <see cref="SettleOutcomeUnknownException"/>. Each request names the person's
/// own insured area and the operator (<see cref="CentreCall"/>).
/// </summary>
public interface ISettlementCentre
{
    /// <summary>Whether the terminal is online or in offline mode (circuit open).</summary>
    CentreConnectivity Connectivity { get; }

    /// <summary>Raised on every change of <see cref="Connectivity"/>.</summary>
    event EventHandler<CentreConnectivityChangedEventArgs>? ConnectivityChanged;

    /// <summary>
    /// A new unique message id; give it to a call that changes anything as <see cref="CentreCall.MsgId"/> to record it
    /// durably before the call, so a call whose outcome a crash hid can be reversed (2601) by it later.
    /// </summary>
    string NextMessageId();

    /// <summary>Signs the operator in (9001); the sign-in number is sent on every later call. Other calls sign in first when needed.</summary>
    Task<SignInResult> SignInAsync(CancellationToken cancellationToken);

    /// <summary>Looks up the insured person (1101).</summary>
    Task<PersonInfo> GetPersonInfoAsync(PersonQuery query, CancellationToken cancellationToken);

    /// <summary>Trial calculation of a bill (2206 outpatient, 2101 pharmacy); commits nothing.</summary>
    Task<SettlementQuote> PreSettleAsync(SettlementScenario scenario, SettlementRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Settles a bill (2207 outpatient, 2102 pharmacy). Never re-sent: when the answer is lost the call is reversed
    /// (2601) and <see cref="SettleReversedException"/> is thrown, or <see cref="SettleOutcomeUnknownException"/> when
    /// the reversal failed too.
    /// </summary>
    Task<SettlementReceipt> SettleAsync(SettlementScenario scenario, SettlementRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels a committed settlement (2208 outpatient, 2103 pharmacy, 2305 inpatient); sent once and reversed when its answer is lost, as a settle.</summary>
    Task<CancellationReceipt> CancelSettlementAsync(SettlementScenario scenario, SettlementCancellation cancellation, CancellationToken cancellationToken);

    /// <summary>Registers an outpatient visit (2201); sent once and reversed when its answer is lost, as a settle.</summary>
    Task<VisitReceipt> RegisterOutpatientAsync(OutpatientRegistration registration, CancellationToken cancellationToken);

    /// <summary>Admits an inpatient (2401); sent once and reversed when its answer is lost, as a settle.</summary>
    Task<VisitReceipt> AdmitAsync(InpatientAdmission admission, CancellationToken cancellationToken);

    /// <summary>Discharges an inpatient (2402); sent once and reversed when its answer is lost, as a settle.</summary>
    Task<CentreAcknowledgement> DischargeAsync(InpatientDischarge discharge, CancellationToken cancellationToken);

    /// <summary>Cancels a registration (2202), an admission (2404) or a discharge (2405); sent once and reversed when its answer is lost.</summary>
    Task<CentreAcknowledgement> CancelVisitStepAsync(VisitCancellation cancellation, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads one batch of a visit's fee details (2204 outpatient, 2301 inpatient); sent once and reversed when its
    /// answer is lost, as a settle. An answer that does not classify each detail sent exactly once is a
    /// <see cref="CentreProtocolException"/> (and the batch is reversed).
    /// </summary>
    Task<FeeUploadReceipt> UploadFeesAsync(FeeUpload upload, CancellationToken cancellationToken);

    /// <summary>Cancels every fee detail of a visit not yet settled (2205, 2302); sent once and reversed when its answer is lost.</summary>
    Task<CentreAcknowledgement> CancelFeesAsync(FeeCancellation cancellation, CancellationToken cancellationToken);

    /// <summary>
    /// Reverses a state-changing call by its message id (2601). Idempotent: reversing twice, or a call the centre never
    /// committed, succeeds.
    /// </summary>
    Task<ReversalResult> ReverseAsync(Reversal reversal, CancellationToken cancellationToken);

    /// <summary>Submits an offline settlement record; idempotent by <see cref="OfflineRecordUpload.RecordId"/>.</summary>
    Task<UploadAcknowledgement> UploadOfflineRecordAsync(OfflineRecordUpload record, CancellationToken cancellationToken);

    /// <summary>
    /// Downloads the fare gates' rider lists (<c>CB02</c>, CardBridge's own transaction): sends the versions the
    /// terminal holds and gets, for every list the centre publishes, "unchanged" or the new list. Read-only, so it is
    /// retried like 9001. An answer that says "unchanged" for a version the terminal does not hold, names a list twice
    /// or lacks a field is a <see cref="CentreProtocolException"/>.
    /// </summary>
    Task<IReadOnlyList<PublishedRiderList>> DownloadRiderListsAsync(IReadOnlyList<HeldRiderList> held, CancellationToken cancellationToken);
}
