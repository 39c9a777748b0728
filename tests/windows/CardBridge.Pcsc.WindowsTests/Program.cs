namespace CardBridge.Pcsc.WindowsTests;

/// <summary>
/// Runs every test of CardBridge.Pcsc.Tests in this process and prints one line per test and the closing line
/// scripts/test.sh counts. Exit code 0 when none failed, 1 otherwise, 2 when the tests could not be run.
/// </summary>
internal static class Program
{
    private const string TestAssembly = "CardBridge.Pcsc.Tests";

    private static int Main()
    {
        try
        {
            var outcome = InProcessRun.Execute(TestAssembly, Console.Out);
            return outcome.Failed == 0 && outcome.Total > 0 ? 0 : 1;
        }
        catch (InvalidOperationException error)
        {
            Console.Error.WriteLine($"{TestAssembly}: {error.Message}");
            return 2;
        }
    }
}
