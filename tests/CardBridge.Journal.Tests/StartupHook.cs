using System.Diagnostics.CodeAnalysis;
using CardBridge.Journal.Tests;

/// <summary>
/// Entry of the child process in the kill -9 and storage-failure tests. The test assembly has no Main of its own
/// (the test SDK generates an empty one), so the child is started as <c>dotnet exec</c> of this assembly with the
/// assembly named in <c>DOTNET_STARTUP_HOOKS</c>: the runtime calls <see cref="Initialize"/> before Main, which runs
/// the asked mode and exits. Without the mode variable it does nothing.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime finds startup hooks by this exact global type name.")]
internal static class StartupHook
{
    public static void Initialize()
    {
        var mode = Environment.GetEnvironmentVariable(JournalChild.ModeVariable);
        if (mode is null)
        {
            return;
        }
        // A startup hook is synchronous; this is the process's only thread of work.
        Environment.Exit(JournalChild.RunAsync(mode).GetAwaiter().GetResult());
    }
}
