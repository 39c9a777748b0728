using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Legacy;

/// <summary>The legacy library without a service to talk to: the reader error code at once or within its timeout, and why in its log.</summary>
public sealed class LegacyConnectionTests
{
    private static string Ini(int port, int timeoutMs) =>
        $"[service]\nendpoint = 127.0.0.1:{port}\ntimeout_ms = {timeoutMs}\nconnect_timeout_ms = 500\n";

    [Theory]
    [InlineData(nameof(LegacyProgram.C))]
    [InlineData(nameof(LegacyProgram.PythonCtypes))]
    public async Task With_no_service_listening_every_call_answers_the_reader_error_at_once_and_logs_why(string program)
    {
        using var directory = ServiceDirectory.Create();
        var port = LegacyDriver.FreeLoopbackPort();
        await using var legacy = LegacyDriver.Start(program, directory.Path, Ini(port, 30000));
        // The program's own start (an interpreter for ctypes) is not the library's time.
        await legacy.CallAsync("iReadCardBas", "0");

        var clock = Stopwatch.StartNew();
        var read = await legacy.CallAsync("iReadCardBas", "3");
        var verify = await legacy.CallAsync("iVerifyPIN", "1");
        var info = await legacy.CallAsync("iGetReaderInfo");
        clock.Stop();

        Assert.All(new[] { read, verify, info }, answer => Assert.Equal((-11L, "读卡器连接错"), (answer.Code, answer.Text)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}, not at once");
        Assert.Contains($"iReadCardBas -11 no service at 127.0.0.1:{port}", legacy.Log, StringComparison.Ordinal);
        Assert.Contains($"iGetReaderInfo -11 no service at 127.0.0.1:{port}", legacy.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_never_answers_is_the_reader_error_after_the_configured_timeout_not_later()
    {
        using var directory = ServiceDirectory.Create();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            await using var legacy = LegacyDriver.Start(LegacyProgram.C, directory.Path, Ini(port, 1500));

            var clock = Stopwatch.StartNew();
            var read = await legacy.CallAsync("iReadCardBas", "3");
            clock.Stop();

            Assert.Equal(-11, read.Code);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(10));
            Assert.Contains("iReadCardBas -11 no answer within 1500 ms", legacy.Log, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }
}
