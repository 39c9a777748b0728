using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using System.Text;
using CardBridge.HardwareSim.Qr.Scanner;
using CardBridge.HardwareSim.Qr.Transit;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.HardwareSim.Tests.Qr;

[Trait("Category", "Integration")]
public sealed class ScannerSerialTests
{
    // SimTransitQrGenerator's layout: the account id's length byte follows the issuer certificate (107 bytes).
    private const int AccountLengthAt = 107;

    private static readonly string Account = TransitQrCommand.CardNumberOf("third-gen");

    [Fact]
    public async Task Valid_transit_code_arrives_with_the_configured_prefix_and_suffix_for_the_holder()
    {
        await using var ptys = await PtyPair.StartAsync();
        var output = new StringWriter();

        var exit = await RunAsync(output, "qr", "--serial", ptys.ScannerEnd, "--code", "transit", "--holder", "third-gen",
            "--prefix", "]Q1", "--suffix", "crlf", "--interval", "0");

        Assert.Equal(0, exit);
        var (frame, _) = await ptys.NextFrameAsync("\r\n");
        Assert.StartsWith("]Q1", frame, StringComparison.Ordinal);
        var code = Decode(frame["]Q1".Length..^2]);
        Assert.Equal(0x80, code[0]);
        Assert.Equal(Account, Encoding.ASCII.GetString(code, AccountLengthAt + 1, code[AccountLengthAt]));
        Assert.InRange(GeneratedAt(code), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal($"sent transit valid {frame.Length - 5} chars", output.ToString().Trim());
    }

    [Fact]
    public async Task Expired_transit_code_was_generated_longer_ago_than_its_validity()
    {
        await using var ptys = await PtyPair.StartAsync();

        var exit = await RunAsync(TextWriter.Null, "qr", "--serial", ptys.ScannerEnd, "--code", "transit", "--variant", "expired", "--interval", "0");

        Assert.Equal(0, exit);
        var code = Decode((await ptys.NextFrameAsync("\r")).Frame[..^1]);
        var validity = BinaryPrimitives.ReadUInt16BigEndian(code.AsSpan(ValidityAt(code)));
        Assert.True(GeneratedAt(code).AddSeconds(validity) < DateTimeOffset.UtcNow, "the code's validity should have lapsed");
    }

    [Fact]
    public async Task Tampered_transit_code_carries_a_per_trip_limit_the_issuer_did_not_sign()
    {
        await using var ptys = await PtyPair.StartAsync();

        await RunAsync(TextWriter.Null, "qr", "--serial", ptys.ScannerEnd, "--code", "transit", "--variant", "valid", "--interval", "0");
        await RunAsync(TextWriter.Null, "qr", "--serial", ptys.ScannerEnd, "--code", "transit", "--variant", "tampered", "--interval", "0");

        var valid = Decode((await ptys.NextFrameAsync("\r")).Frame[..^1]);
        var tampered = Decode((await ptys.NextFrameAsync("\r")).Frame[..^1]);
        Assert.Equal(500u, Limit(valid));
        Assert.Equal(10_500u, Limit(tampered));
        Assert.Equal(valid.Length, tampered.Length);
    }

    [Fact]
    public async Task Replayed_transit_code_is_the_same_code_read_twice_the_replay_delay_apart()
    {
        await using var ptys = await PtyPair.StartAsync();
        var output = new StringWriter();

        var exit = await RunAsync(output, "qr", "--serial", ptys.ScannerEnd, "--code", "transit", "--variant", "replayed",
            "--replay-after", "400", "--suffix", "lf", "--interval", "0");

        Assert.Equal(0, exit);
        var (first, firstAt) = await ptys.NextFrameAsync("\n");
        var (second, secondAt) = await ptys.NextFrameAsync("\n");
        Assert.Equal(first, second);
        Assert.True(Stopwatch.GetElapsedTime(firstAt, secondAt) >= TimeSpan.FromMilliseconds(300), "the replay should come after the delay");
        var length = first.Length - 1;
        Assert.Equal($"sent transit valid {length} chars{Environment.NewLine}sent transit replay {length} chars", output.ToString().Trim());
    }

    [Fact]
    public async Task Stdin_commands_read_one_code_each_and_print_one_status_line_each()
    {
        await using var ptys = await PtyPair.StartAsync();
        var console = new ConsoleLines();
        var run = new RootCommand { QrScannerCommand.Create(console.Input) }
            .Parse(["qr", "--serial", ptys.ScannerEnd, "--code", "transit", "--stdin", "--interval", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Output }, CancellationToken.None);
        Assert.Equal(ScannerSession.Help, await console.NextPrintedAsync());

        console.Type("valid");
        var valid = (await ptys.NextFrameAsync("\r")).Frame;
        Assert.Equal($"sent transit valid {valid.Length - 1} chars", await console.NextPrintedAsync());

        console.Type("replay");
        Assert.Equal(valid, (await ptys.NextFrameAsync("\r")).Frame);
        Assert.Equal($"sent transit replay {valid.Length - 1} chars", await console.NextPrintedAsync());

        console.Type("expired");
        var expired = Decode((await ptys.NextFrameAsync("\r")).Frame[..^1]);
        Assert.StartsWith("sent transit expired ", await console.NextPrintedAsync(), StringComparison.Ordinal);
        Assert.True(GeneratedAt(expired) < GeneratedAt(Decode(valid[..^1])).AddMinutes(-10));

        console.Type("tampered");
        Assert.Equal(10_500u, Limit(Decode((await ptys.NextFrameAsync("\r")).Frame[..^1])));
        Assert.StartsWith("sent transit tampered ", await console.NextPrintedAsync(), StringComparison.Ordinal);

        console.Type("text SIMQR 0001");
        Assert.Equal("SIMQR 0001\r", (await ptys.NextFrameAsync("\r")).Frame);
        Assert.Equal("sent text 10 chars", await console.NextPrintedAsync());

        console.Type("launch");
        Assert.Equal("error: " + ScannerSession.Help, await console.NextPrintedAsync());

        console.Type("quit");
        Assert.Equal("bye", await console.NextPrintedAsync());
        Assert.Equal(0, await run.WaitAsync(PtyPair.Timeout));
        Assert.True(ptys.Drained);
    }

    [Fact]
    public async Task Stdin_without_a_code_type_sends_text_and_answers_code_commands_with_an_error()
    {
        await using var ptys = await PtyPair.StartAsync();
        var console = new ConsoleLines();
        var run = new RootCommand { QrScannerCommand.Create(console.Input) }
            .Parse(["qr", "--serial", ptys.ScannerEnd, "--stdin", "--suffix", "lf", "--interval", "0"])
            .InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Output }, CancellationToken.None);
        Assert.Equal(ScannerSession.Help, await console.NextPrintedAsync());

        console.Type("replay");
        Assert.StartsWith("error: nothing was sent yet", await console.NextPrintedAsync(), StringComparison.Ordinal);
        console.Type("valid");
        Assert.StartsWith("error: no --code given", await console.NextPrintedAsync(), StringComparison.Ordinal);
        console.Type("text SIMQR-9");
        Assert.Equal("SIMQR-9\n", (await ptys.NextFrameAsync("\n")).Frame);
        Assert.Equal("sent text 7 chars", await console.NextPrintedAsync());
        console.Type("replay");
        Assert.Equal("SIMQR-9\n", (await ptys.NextFrameAsync("\n")).Frame);
        Assert.Equal("sent text replay 7 chars", await console.NextPrintedAsync());

        console.EndInput();
        Assert.Equal(0, await run.WaitAsync(PtyPair.Timeout));
    }

    private static Task<int> RunAsync(TextWriter output, params string[] args) =>
        new RootCommand { QrScannerCommand.Create(TextReader.Null) }
            .Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, CancellationToken.None)
            .WaitAsync(PtyPair.Timeout);

    private static byte[] Decode(string text) => Convert.FromBase64String(text);

    private static int LimitAt(byte[] code) => AccountLengthAt + 1 + code[AccountLengthAt];

    private static uint Limit(byte[] code) => BinaryPrimitives.ReadUInt32BigEndian(code.AsSpan(LimitAt(code)));

    // Limit (4), user key (33), authorisation expiry (4), then validity seconds (2), issuer signature (64), generation time (4).
    private static int ValidityAt(byte[] code) => LimitAt(code) + 4 + 33 + 4;

    private static DateTimeOffset GeneratedAt(byte[] code) =>
        DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(code.AsSpan(ValidityAt(code) + 2 + 64)));
}
