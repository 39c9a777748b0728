using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CardBridge.Tests.Shared;

/// <summary>Which program loads the legacy library (tests/legacy/README.md).</summary>
internal enum LegacyProgram
{
    /// <summary>tests/legacy/legacy_call.c built for linux-x64, linked to libSSCardDriver.so.</summary>
    C,

    /// <summary>tests/legacy/legacy_ctypes.py loading libSSCardDriver.so through ctypes.</summary>
    PythonCtypes,

    /// <summary>legacy_call.c built for win-x64 with SSCardDriver.dll, run under wine64.</summary>
    WineC,
}

/// <summary>One answer of a legacy export: its return code and its output buffers as the caller got them (GBK bytes).</summary>
internal sealed record LegacyAnswer(long Code, byte[] Output, byte[] Second)
{
    public static Encoding Gbk { get; } = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    public string Text => Gbk.GetString(Output);

    public string SecondText => Gbk.GetString(Second);

    public override string ToString() => $"{Code} \"{Text}\"";
}

/// <summary>
/// A test driver of the legacy library (C, Python ctypes or C under wine64) as a child process, configured by an ini
/// the test writes; each <see cref="CallAsync"/> is one line in, one answer out, so a test can change the simulator
/// between two calls of one program — and one wine start serves a whole scenario.
/// </summary>
internal sealed class LegacyDriver : IAsyncDisposable
{
    private static readonly string Bin = RepositoryRoot.Combine("src", "CardBridge.Legacy", "bin");

    // One prefix for every run: creating it takes the first start ~15 s.
    private static readonly string WinePrefix = Path.Combine(Path.GetTempPath(), "cardbridge-legacy-wine");

    private readonly Process _process;
    private readonly StringBuilder _error = new();
    private readonly TimeSpan _callTimeout;
    private readonly bool _wine;

    private LegacyDriver(Process process, TimeSpan callTimeout, bool wine)
    {
        _process = process;
        _callTimeout = callTimeout;
        _wine = wine;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_error)
            {
                _error.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The library's own log (the path the ini names).</summary>
    public string LogPath { get; private init; } = "";

    public static string LinuxLibrary => Path.Combine(Bin, "linux-x64", "libSSCardDriver.so");

    /// <summary>As <see cref="Start(LegacyProgram, string, string, IReadOnlyDictionary{string, string})"/> for the name of a <see cref="LegacyProgram"/> (what a test theory passes).</summary>
    public static LegacyDriver Start(string program, string directory, string ini) => Start(Enum.Parse<LegacyProgram>(program), directory, ini);

    /// <summary>
    /// Writes <paramref name="ini"/> into <paramref name="directory"/> and starts <paramref name="program"/> with it, and with
    /// <paramref name="environment"/> (e.g. <c>CARDBRIDGE_LEGACY_ENDPOINT</c>) added.
    /// </summary>
    public static LegacyDriver Start(LegacyProgram program, string directory, string ini, IReadOnlyDictionary<string, string>? environment = null)
    {
        var iniPath = Path.Combine(directory, $"legacy-{Guid.NewGuid():N}.ini");
        var logPath = Path.Combine(directory, $"legacy-{Guid.NewGuid():N}.log");
        File.WriteAllText(iniPath, ini);
        var (file, arguments) = program switch
        {
            LegacyProgram.C => (Built("linux-x64", "legacy-call"), Array.Empty<string>()),
            LegacyProgram.PythonCtypes => ("/usr/bin/python3", [RepositoryRoot.Combine("tests", "legacy", "legacy_ctypes.py"), Built("linux-x64", "libSSCardDriver.so")]),
            _ => ("/usr/lib/wine/wine64", [Built("win-x64", "legacy-call.exe")]),
        };
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var wine = program == LegacyProgram.WineC;
        info.Environment["CARDBRIDGE_LEGACY_INI"] = wine ? WindowsPath(iniPath) : iniPath;
        info.Environment["CARDBRIDGE_LEGACY_LOG"] = wine ? WindowsPath(logPath) : logPath;
        if (wine)
        {
            // No Mono or Gecko prompt, no debug chatter.
            info.Environment["WINEPREFIX"] = WinePrefix;
            info.Environment["WINEDEBUG"] = "-all";
            info.Environment["WINEDLLOVERRIDES"] = "mscoree,mshtml=";
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        return new LegacyDriver(process, wine ? TimeSpan.FromMinutes(3) : TimeSpan.FromSeconds(60), wine) { LogPath = logPath };
    }

    /// <summary>The ini of a service's web listener at <paramref name="web"/>: reader 0 contact, reader 1 contactless, and <paramref name="more"/>.</summary>
    public static string Ini(Uri web, string more = "") =>
        $"[service]\nendpoint = {web.Host}:{web.Port}\ntimeout_ms = 30000\n[readers]\ncontact = Simulated Reader 0\ncontactless = Simulated Reader 1\n{more}";

    /// <summary>A loopback port no one listens on now: for a service the ini will name, or for none at all.</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Calls <paramref name="function"/> with <paramref name="arguments"/> (a line of the protocol) and returns its answer.</summary>
    public async Task<LegacyAnswer> CallAsync(string function, params string[] arguments)
    {
        await _process.StandardInput.WriteLineAsync(string.Join('\t', [function, .. arguments]));
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(_callTimeout);
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{function} did not answer within {_callTimeout}: {Error}");
        }
        var fields = line?.Split('\t') ?? throw new InvalidOperationException($"the driver ended before answering {function}: {await EndedAsync()}");
        return new LegacyAnswer(
            long.Parse(fields[0], CultureInfo.InvariantCulture),
            Convert.FromHexString(fields.Length > 1 ? fields[1] : ""),
            Convert.FromHexString(fields.Length > 2 ? fields[2] : ""));
    }

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    private string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    // The exit code and the whole standard error of a driver that ended: waiting for the exit also drains stderr.
    private async Task<string> EndedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return $"exit code {_process.ExitCode}, stderr: {Error}";
        }
        catch (OperationCanceledException)
        {
            return $"still running, stderr: {Error}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        if (_wine)
        {
            await WineServerGoneAsync();
        }
    }

    // The wineserver a wine program starts here ends as soon as its last program does, and a program that connects while
    // it is ending dies at once with nothing answered; the next driver therefore starts only once the server is gone.
    private static async Task WineServerGoneAsync()
    {
        var info = new ProcessStartInfo("/usr/lib/wine/wineserver") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add("--wait");
        info.Environment["WINEPREFIX"] = WinePrefix;
        using var server = Process.Start(info) ?? throw new InvalidOperationException("could not start wineserver --wait");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = server.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill();
            throw new TimeoutException($"the wineserver of {WinePrefix} did not end within 30 s");
        }
        if (server.ExitCode != 0)
        {
            throw new InvalidOperationException($"wineserver --wait: exit code {server.ExitCode}: {await error}");
        }
    }

    private static string Built(string rid, string name)
    {
        var path = Path.Combine(Bin, rid, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run src/CardBridge.Legacy/build.sh (scripts/test.sh does)", path);
    }

    /// <summary>How a wine program sees a Linux path: the Z: drive is the root.</summary>
    private static string WindowsPath(string path) => "Z:" + path.Replace('/', '\\');
}
