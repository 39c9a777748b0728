using System.Globalization;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CardBridge.Pcsc.WindowsTests;

/// <summary>
/// Discovers and runs an xunit v2 test assembly in this process through xunit's own test framework, reporting as
/// it goes: "  ok   Name", "  FAIL Name" with the failure, "  skip Name (reason)", then
/// "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T - assembly" (the form scripts/test.sh counts).
/// </summary>
internal static class InProcessRun
{
    /// <summary>Bounds the whole run: the slowest test restarts pcscd twice in well under a minute.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    public static RunOutcome Execute(string assemblyName, TextWriter output)
    {
        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        using var framework = new XunitTestFramework(new Diagnostics(output));
        var options = FrameworkOptions.Serial();

        using var discovery = new DiscoverySink();
        using var discoverer = framework.GetDiscoverer(Reflector.Wrap(assembly));
        discoverer.Find(includeSourceInformation: false, discovery, options);
        var testCases = discovery.Wait(RunTimeout);
        if (testCases.Count == 0)
        {
            throw new InvalidOperationException("no tests found");
        }

        using var execution = new ExecutionSink(output);
        using var executor = framework.GetExecutor(assembly.GetName());
        var started = DateTime.UtcNow;
        executor.RunTests(testCases, execution, options);
        var outcome = execution.Wait(RunTimeout);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(outcome.Failed == 0 ? "Passed" : "Failed")}!  - Failed: {outcome.Failed}, Passed: {outcome.Passed}, Skipped: {outcome.Skipped}, Total: {outcome.Total}, Duration: {(DateTime.UtcNow - started).TotalSeconds:0} s - {assemblyName}.dll (win-x64 under wine64)"));
        return outcome;
    }

    private sealed class Diagnostics(TextWriter output) : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is IDiagnosticMessage diagnostic)
            {
                output.WriteLine($"  [xunit] {diagnostic.Message}");
            }
            return true;
        }
    }

    private sealed class DiscoverySink : LongLivedMarshalByRefObject, IMessageSink, IDisposable
    {
        private readonly List<ITestCase> _testCases = [];
        private readonly ManualResetEventSlim _done = new();

        public bool OnMessage(IMessageSinkMessage message)
        {
            switch (message)
            {
                case ITestCaseDiscoveryMessage discovered:
                    _testCases.Add(discovered.TestCase);
                    break;
                case IDiscoveryCompleteMessage:
                    _done.Set();
                    break;
            }
            return true;
        }

        public List<ITestCase> Wait(TimeSpan timeout) =>
            _done.Wait(timeout) ? _testCases : throw new InvalidOperationException($"test discovery did not finish in {timeout}");

        public void Dispose() => _done.Dispose();
    }

    private sealed class ExecutionSink(TextWriter output) : LongLivedMarshalByRefObject, IMessageSink, IDisposable
    {
        private readonly ManualResetEventSlim _done = new();
        private int _passed;
        private int _failed;
        private int _skipped;

        public bool OnMessage(IMessageSinkMessage message)
        {
            switch (message)
            {
                case ITestPassed passed:
                    _passed++;
                    output.WriteLine($"  ok   {passed.Test.DisplayName} ({passed.ExecutionTime:0.00} s)");
                    break;
                case ITestFailed failed:
                    _failed++;
                    output.WriteLine($"  FAIL {failed.Test.DisplayName} ({failed.ExecutionTime:0.00} s)");
                    for (var i = 0; i < failed.Messages.Length; i++)
                    {
                        output.WriteLine($"       {failed.ExceptionTypes[i]}: {failed.Messages[i]}");
                        output.WriteLine($"       {failed.StackTraces[i]?.Replace("\n", "\n       ", StringComparison.Ordinal)}");
                    }
                    if (!string.IsNullOrEmpty(failed.Output))
                    {
                        output.WriteLine($"       output: {failed.Output}");
                    }
                    break;
                case ITestSkipped skipped:
                    _skipped++;
                    output.WriteLine($"  skip {skipped.Test.DisplayName} ({skipped.Reason})");
                    break;
                case IErrorMessage error:
                    _failed++;
                    output.WriteLine($"  ERROR {string.Join("; ", error.Messages)}");
                    break;
                case ITestAssemblyFinished:
                    _done.Set();
                    break;
            }
            return true;
        }

        public RunOutcome Wait(TimeSpan timeout) =>
            _done.Wait(timeout) ? new RunOutcome(_passed, _failed, _skipped) : throw new InvalidOperationException($"the tests did not finish in {timeout}");

        public void Dispose() => _done.Dispose();
    }
}
