using System.Diagnostics;

namespace CardBridge.Service.Tests.Observability;

/// <summary>
/// Debian's <c>chromium</c> in headless mode: a screenshot of a page, or the DOM after it rendered. Installs the package
/// when it is missing and the tests run as root (CI); each run gets its own throw-away profile directory.
/// </summary>
internal static class HeadlessChromium
{
    private const string Binary = "/usr/bin/chromium";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private static readonly SemaphoreSlim InstallOnce = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        await InstallOnce.WaitAsync();
        try
        {
            if (File.Exists(Binary))
            {
                return;
            }
            Assert.True(Environment.UserName == "root", "chromium is missing and only root can install it: apt-get install -y chromium");
            var (exit, output) = await RunAsync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], TimeSpan.FromMinutes(10),
                ("DEBIAN_FRONTEND", "noninteractive"));
            Assert.True(exit == 0 && File.Exists(Binary), $"apt-get install chromium failed: {output}");
        }
        finally
        {
            InstallOnce.Release();
        }
    }

    public static Task<(int Exit, string Output)> ScreenshotAsync(Uri page, string file) =>
        WithProfileAsync(profile => RunAsync(Binary, [.. Common(profile), $"--screenshot={file}", "--window-size=1280,900", page.ToString()], RunTimeout));

    public static Task<(int Exit, string Output)> DumpDomAsync(Uri page) =>
        WithProfileAsync(profile => RunAsync(Binary, [.. Common(profile), "--dump-dom", page.ToString()], RunTimeout));

    private static string[] Common(string profile) =>
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}"];

    private static async Task<(int, string)> WithProfileAsync(Func<string, Task<(int, string)>> run)
    {
        var profile = Directory.CreateTempSubdirectory("cardbridge-chromium-").FullName;
        try
        {
            return await run(profile);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static async Task<(int, string)> RunAsync(string file, string[] arguments, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
