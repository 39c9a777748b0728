namespace CardBridge.Pcsc.WindowsTests;

/// <summary>How many tests of a run passed, failed and were skipped.</summary>
internal readonly record struct RunOutcome(int Passed, int Failed, int Skipped)
{
    public int Total => Passed + Failed + Skipped;
}
