using CardBridge.Terminal;

namespace CardBridge.Service.Credentials;

/// <summary>
/// Something presented at the terminal — a card put in a reader or a code held to a scanner — numbered by
/// <see cref="Arrival"/>: one counter for cards and codes, taken when the service first sees the card or the scan, so
/// "who came first" does not depend on how long reading or verifying takes.
/// </summary>
internal abstract record Presentation(long Arrival)
{
    /// <summary>True once the presentation has its answer: a pre-read session, or a verified (or refused) code.</summary>
    public abstract bool IsResolved { get; }
}

/// <summary>A card in <see cref="Reader"/> since <see cref="PresentedAt"/>; <see cref="Session"/> is null until it is pre-read.</summary>
internal sealed record CardPresentation(long Arrival, string Reader, DateTimeOffset PresentedAt, CardSession? Session) : Presentation(Arrival)
{
    public override bool IsResolved => Session is not null;
}

/// <summary>A code read by <see cref="Scanner"/>; <see cref="Outcome"/> is null while it is being verified.</summary>
internal sealed record CodePresentation(long Arrival, string Scanner, DateTimeOffset ScannedAt, CodeOutcome? Outcome) : Presentation(Arrival)
{
    public override bool IsResolved => Outcome is not null;
}

/// <summary>A change on the <see cref="PresentationDesk"/>.</summary>
internal abstract record DeskChange;

/// <summary>A presentation arrived or got its answer.</summary>
internal sealed record PresentationUpdated(Presentation Presentation) : DeskChange;

/// <summary>A presentation is gone before or after its answer: the card left or could not be read, its reader went away.</summary>
internal sealed record PresentationWithdrawn(long Arrival) : DeskChange;
