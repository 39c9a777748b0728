namespace CardBridge.Journal;

/// <summary>The result of checking every record's seals and the chain linking them.</summary>
/// <param name="Fault">Why the check stopped; <see cref="ChainFault.None"/> when the chain is intact.</param>
/// <param name="FirstBadSequence">The first record that fails; null when intact.</param>
/// <param name="Detail">A sentence for people, without personal data.</param>
/// <param name="RecordsChecked">How many records were verified good before the check stopped.</param>
public sealed record ChainVerification(ChainFault Fault, long? FirstBadSequence, string Detail, long RecordsChecked)
{
    /// <summary>True when every record and the chain head verify.</summary>
    public bool IsIntact => Fault == ChainFault.None;

    internal static ChainVerification Intact(long count) => new(ChainFault.None, null, $"{count} records verified", count);
}
