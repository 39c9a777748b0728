using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CardBridge.Service.Tests.Observability;

namespace CardBridge.Service.Tests.Web.Browser;

/// <summary>
/// Debian's headless <c>chromium</c> driven through the Chrome DevTools protocol over its WebSocket: navigate, evaluate
/// script in the page, wait for what the page shows, take a screenshot. No browser download; each instance gets a
/// throw-away profile; every wait has a timeout.
/// </summary>
internal sealed partial class DevToolsChromium : IAsyncDisposable
{
    private const string Binary = "/usr/bin/chromium";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly StringBuilder _output = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private DevToolsChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>What the browser printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the browser on a blank page and attaches to that page; fails with a clear message when chromium is missing.</summary>
    public static async Task<DevToolsChromium> StartAsync()
    {
        await HeadlessChromium.EnsureInstalledAsync();
        Assert.True(File.Exists(Binary), $"{Binary} is missing: the browser tests need Debian's chromium (apt-get install chromium)");
        var profile = Directory.CreateTempSubdirectory("cardbridge-devtools-").FullName;
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1280,800", "about:blank"])
        {
            start.ArgumentList.Add(argument);
        }
        var browser = new DevToolsChromium(Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start"), profile);
        try
        {
            await browser.AttachAsync();
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
        return browser;
    }

    /// <summary>Opens <paramref name="page"/> and waits until its document has loaded.</summary>
    public async Task NavigateAsync(Uri page)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = page.ToString() });
        await WaitForAsync($"location.href === {JsonSerializer.Serialize(page.ToString())} && document.readyState === 'complete'", loaded => loaded == "True", CommandTimeout);
    }

    /// <summary>The text of the page's element with id <paramref name="id"/>; "" while there is none.</summary>
    public Task<string> TextOfAsync(string id) => EvaluateAsync(TextOf(id));

    /// <summary>Waits until the text of the element with id <paramref name="id"/> satisfies <paramref name="until"/>.</summary>
    public Task<string> WaitForTextAsync(string id, Func<string, bool> until, TimeSpan timeout) => WaitForAsync(TextOf(id), until, timeout);

    private static string TextOf(string id) => $"(document.getElementById({JsonSerializer.Serialize(id)}) || {{}}).textContent || ''";

    /// <summary>The value of <paramref name="expression"/> in the page, as a string ("" for null or undefined).</summary>
    public async Task<string> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"{expression} threw in the page: {exception}");
        }
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.ToString() : "";
    }

    /// <summary>Waits until <paramref name="expression"/> evaluates to a value <paramref name="until"/> accepts, and returns it.</summary>
    public async Task<string> WaitForAsync(string expression, Func<string, bool> until, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (deadline.Elapsed < timeout)
        {
            last = await EvaluateAsync(expression);
            if (until(last))
            {
                return last;
            }
            await Task.Delay(PollInterval);
        }
        var page = await EvaluateAsync("document.body ? document.body.innerText : ''");
        throw new TimeoutException($"after {timeout.TotalSeconds:0} s `{expression}` is still '{last}'; the page shows:\n{page}\nchromium:\n{Output}");
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    private async Task AttachAsync()
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.ErrorDataReceived += (_, e) => Take(e.Data, listening);
        _process.OutputDataReceived += (_, e) => Take(e.Data, listening);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Uri browser;
        try
        {
            browser = await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"chromium did not open its DevTools port within {StartTimeout.TotalSeconds:0} s:\n{Output}");
        }
        using var http = new HttpClient { Timeout = CommandTimeout };
        var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://{browser.Authority}/json/list"))).RootElement;
        var page = targets.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
        using var connecting = new CancellationTokenSource(CommandTimeout);
        await _socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), connecting.Token);
        _receiving = ReceiveAsync(_closing.Token);
        await SendAsync("Page.enable", []);
    }

    private void Take(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (DevToolsLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        using var sending = new CancellationTokenSource(CommandTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, sending.Token);
        try
        {
            return await answer.Task.WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"chromium did not answer {method} within {CommandTimeout.TotalSeconds:0} s:\n{Output}");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    // Answers go to their command; events (messages without an id) are not used.
    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                var root = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                if (root.TryGetProperty("id", out var id) && _pending.TryGetValue(id.GetInt32(), out var answer))
                {
                    if (root.TryGetProperty("error", out var error))
                    {
                        answer.TrySetException(new InvalidOperationException($"chromium refused the command: {error}"));
                    }
                    else
                    {
                        answer.TrySetResult(root.GetProperty("result"));
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // closing, or the browser went away: pending commands time out with the browser's output
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _receiving;
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(CommandTimeout);
        _process.Dispose();
        _closing.Dispose();
        Directory.Delete(_profile, recursive: true);
    }

    [GeneratedRegex(@"DevTools listening on (?<url>ws://\S+)")]
    private static partial Regex DevToolsLine();
}
