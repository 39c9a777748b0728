using System.Diagnostics;
using CardBridge.HardwareSim.Vpcd;

namespace CardBridge.HardwareSim.Tests.Vpcd;

/// <summary>
/// The bridge against the real pcscd + vpcd, with pyscard as the PC/SC client. Needs root and a private mount
/// and network namespace, so that neither /run/pcscd nor the vpcd ports are shared:
/// <c>unshare -m -n bash -c 'mount -t tmpfs tmpfs /run/pcscd &amp;&amp; ip link set lo up &amp;&amp; dotnet test … --filter Category=Integration'</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VpcdPcscdIntegrationTests
{
    private const string PcscdSocket = "/run/pcscd/pcscd.comm";

    // Waits for a card in any reader (only ours has one), sends the APDU given as argv[1], prints
    // "<reader>|<response hex>".
    private const string PyscardClient = """
        import sys
        from smartcard.CardRequest import CardRequest
        from smartcard.CardType import AnyCardType
        from smartcard.util import toBytes, toHexString, PACK
        service = CardRequest(timeout=15, cardType=AnyCardType()).waitforcard()
        service.connection.connect()
        data, sw1, sw2 = service.connection.transmit(toBytes(sys.argv[1]))
        print(str(service.connection.getReader()) + "|" + toHexString(data + [sw1, sw2], PACK))
        """;

    [Fact]
    public async Task APDU_sent_through_pcscd_reaches_the_card_and_its_answer_comes_back()
    {
        AssertPrivateNamespaces();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var card = new RecordingCard();

        using var pcscd = await StartPcscdAsync(timeout.Token);
        try
        {
            await using var bridge = new VpcdCardBridge(card, new VpcdBridgeOptions { Port = VpcdBridgeOptions.FirstReaderPort });
            var run = bridge.RunAsync(timeout.Token);
            bridge.Insert();

            var (exitCode, output, error) = await RunAsync("/usr/bin/python3", ["-c", PyscardClient, "00B0950004"], timeout.Token);

            Assert.True(exitCode == 0, $"pyscard failed: {error}");
            Assert.Equal("Virtual PCD 00 00|00B09500049000", output.Trim());
            Assert.Contains(card.Commands, c => Convert.ToHexString(c) == "00B0950004");
            Assert.True(card.Resets >= 1, "pcscd powers the card on before the first APDU");

            bridge.Remove();
            await bridge.WaitForStateAsync(VpcdBridgeState.Removed, timeout.Token);
            await bridge.DisposeAsync();
            await run;
        }
        finally
        {
            pcscd.Kill();
            await pcscd.WaitForExitAsync(CancellationToken.None);
        }
    }

    // The shared /run/pcscd and the vpcd ports belong to everyone on the machine: refuse to run unless
    // /run/pcscd is a private tmpfs in this mount namespace and the network namespace has nothing but loopback.
    private static void AssertPrivateNamespaces()
    {
        var privateRun = File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Any(fields => fields.Length > 4 && fields[4] == "/run/pcscd" && fields.Contains("tmpfs"));
        var interfaces = File.ReadLines("/proc/self/net/dev")
            .Skip(2)
            .Select(line => line.Split(':')[0].Trim())
            .ToList();
        Assert.True(
            privateRun && interfaces.SequenceEqual(["lo"]),
            "Run this test inside its own namespaces, never against the shared pcscd: unshare -m -n bash -c "
            + "'mount -t tmpfs tmpfs /run/pcscd && ip link set lo up && dotnet test ...'. "
            + $"Private /run/pcscd: {privateRun}; network interfaces: {string.Join(',', interfaces)}.");
        Assert.False(File.Exists(PcscdSocket), $"{PcscdSocket} exists already: another pcscd runs in this namespace.");
    }

    private static async Task<Process> StartPcscdAsync(CancellationToken cancellationToken)
    {
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(PcscdSocket)!, Path.GetFileName(PcscdSocket));
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Created += (_, _) => created.TrySetResult();
        watcher.EnableRaisingEvents = true;

        var start = new ProcessStartInfo("pcscd", ["-f", "-i"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var pcscd = Process.Start(start) ?? throw new InvalidOperationException("pcscd did not start");
        pcscd.OutputDataReceived += (_, _) => { };
        pcscd.ErrorDataReceived += (_, _) => { };
        pcscd.BeginOutputReadLine();
        pcscd.BeginErrorReadLine();

        if (File.Exists(PcscdSocket))
        {
            created.TrySetResult();
        }

        await created.Task.WaitAsync(cancellationToken);
        return pcscd;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
