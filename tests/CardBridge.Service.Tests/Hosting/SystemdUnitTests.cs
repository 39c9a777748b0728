using System.Diagnostics;
using CardBridge.Service.Hosting;

namespace CardBridge.Service.Tests.Hosting;

public sealed class SystemdUnitTests
{
    private static string UnitPath
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "installer", "linux", "cardbridge.service");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new FileNotFoundException("installer/linux/cardbridge.service not found above the test assembly");
        }
    }

    /// <summary>Section → key → values, as systemd reads a unit (later assignments add to a list).</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Parse(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        Dictionary<string, List<string>>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = [];
                sections.Add(line[1..^1], current);
                continue;
            }
            Assert.NotNull(current);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"not key=value: {line}");
            var key = line[..equals];
            if (!current.TryGetValue(key, out var values))
            {
                current[key] = values = [];
            }
            values.Add(line[(equals + 1)..]);
        }
        return sections;
    }

    [Fact]
    public void Unit_is_a_notify_service_under_a_dedicated_user_with_hardening()
    {
        var unit = Parse(File.ReadAllText(UnitPath));
        var service = unit["Service"];
        string One(string key) => Assert.Single(service[key]);

        Assert.Equal("notify", One("Type"));
        Assert.Equal("cardbridge", One("User"));
        Assert.Equal("strict", One("ProtectSystem"));
        Assert.Equal("true", One("NoNewPrivileges"));
        Assert.Equal("true", One("PrivateTmp"));
        Assert.Equal("on-failure", One("Restart"));
        Assert.Equal(["AF_UNIX", "AF_INET", "AF_INET6"], One("RestrictAddressFamilies").Split(' '));
        // ProtectSystem=strict leaves exactly these writable: /var/lib/cardbridge and /var/log/cardbridge, owned by the user.
        Assert.Equal("cardbridge", One("StateDirectory"));
        Assert.Equal("cardbridge", One("LogsDirectory"));
        Assert.Equal("/var/lib/cardbridge", One("WorkingDirectory"));
        Assert.Contains("multi-user.target", unit["Install"]["WantedBy"]);
    }

    [Fact]
    public void Stop_timeout_lies_slightly_above_the_service_shutdown_timeout()
    {
        var stop = Assert.Single(Parse(File.ReadAllText(UnitPath))["Service"]["TimeoutStopSec"]);
        var seconds = TimeSpan.FromSeconds(int.Parse(stop.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture));

        Assert.InRange(seconds, ServiceHost.ShutdownTimeout + TimeSpan.FromSeconds(1), ServiceHost.ShutdownTimeout + TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit()
    {
        const string analyze = "/usr/bin/systemd-analyze";
        if (!File.Exists(analyze))
        {
            Assert.NotEmpty(Parse(File.ReadAllText(UnitPath)));
            return;
        }
        // verify checks ExecStart exists: point it at the built service.
        var directory = Directory.CreateTempSubdirectory("cardbridge-unit");
        try
        {
            var apphost = Path.Combine(AppContext.BaseDirectory, "cardbridge-service");
            var text = (await File.ReadAllTextAsync(UnitPath)).Replace("/opt/cardbridge/cardbridge-service", apphost, StringComparison.Ordinal);
            var unit = Path.Combine(directory.FullName, "cardbridge.service");
            await File.WriteAllTextAsync(unit, text);
            var info = new ProcessStartInfo(analyze, ["verify", "--man=no", unit])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var messages = (await stderr).Split('\n').Where(l => l.Contains("cardbridge.service", StringComparison.Ordinal)).ToList();
            Assert.True(messages.Count == 0, string.Join('\n', messages));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
