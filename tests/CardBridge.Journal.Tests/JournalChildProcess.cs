using System.Diagnostics;

namespace CardBridge.Journal.Tests;

/// <summary>Starts <see cref="JournalChild"/> in its own process (optionally wrapped, e.g. by <c>unshare</c>) and collects its lines.</summary>
internal sealed class JournalChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (int Count, TaskCompletionSource Reached)? _waiter;

    private JournalChildProcess(Process process) => _process = process;

    public static string Dotnet =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public static string TestAssembly => typeof(JournalChild).Assembly.Location;

    /// <summary>Starts the child; <paramref name="wrapper"/> is a command line before <c>dotnet exec assembly</c>.</summary>
    public static JournalChildProcess Start(string mode, string journalPath, params string[] wrapper)
    {
        var start = new ProcessStartInfo
        {
            FileName = wrapper.Length > 0 ? wrapper[0] : Dotnet,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in wrapper.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        if (wrapper.Length > 0)
        {
            start.ArgumentList.Add(Dotnet);
        }
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(TestAssembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = TestAssembly;
        start.Environment[JournalChild.ModeVariable] = mode;
        start.Environment[JournalChild.PathVariable] = journalPath;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new JournalChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data is null ? null : "stderr " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Completes when the child has printed <paramref name="count"/> lines (or exited first).</summary>
    public Task LinesAsync(int count)
    {
        lock (_gate)
        {
            if (_lines.Count >= count)
            {
                return Task.CompletedTask;
            }
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = (count, reached);
            return Task.WhenAny(reached.Task, _exited.Task);
        }
    }

    /// <summary>SIGKILL on Unix: no finally blocks, no flush, no SQLite cleanup.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<IReadOnlyList<string>> ExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return Lines;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        lock (_gate)
        {
            if (line is null)
            {
                _exited.TrySetResult();
                _waiter?.Reached.TrySetResult();
                return;
            }
            _lines.Add(line);
            if (_waiter is { } waiter && _lines.Count >= waiter.Count)
            {
                waiter.Reached.TrySetResult();
            }
        }
    }
}
