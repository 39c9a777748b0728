using System.Text;
using CardBridge.HardwareSim.Qr.Platform;
using CardBridge.HardwareSim.Qr.Scanner;
using CardBridge.Simulation.Qr.Platform;
using FsCheck.Xunit;

namespace CardBridge.HardwareSim.Tests.Qr;

public sealed class ScannerParserPropertyTests
{
    [Property(MaxTest = 500)]
    public bool Scanner_console_answers_any_input_with_status_error_or_bye_lines_only(string? typed)
    {
        var output = new StringWriter();
        var link = new MemoryLink();
        var session = new ScannerSession(link, new FixedCodes(), new ScannerScript { Text = "", Interval = TimeSpan.Zero }, TimeSpan.Zero, output, TimeProvider.System);

        session.RunConsoleAsync(new StringReader(typed ?? ""), CancellationToken.None).GetAwaiter().GetResult();

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        return lines[0] == ScannerSession.Help
            && lines.Skip(1).All(l => l.StartsWith("sent ", StringComparison.Ordinal) || l.StartsWith("error: ", StringComparison.Ordinal) || l == "bye")
            && link.Frames == lines.Count(l => l.StartsWith("sent ", StringComparison.Ordinal));
    }

    [Property(MaxTest = 1000)]
    public bool Platform_console_answers_any_line_without_throwing(string? line)
    {
        var platform = StartPlatform();
        try
        {
            var answer = QrPlatformCommand.Execute(platform, line ?? "");
            return answer is null == string.IsNullOrWhiteSpace(line);
        }
        finally
        {
            platform.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Property(MaxTest = 200)]
    public bool Issue_endpoint_answers_any_body_with_a_code_or_a_400(byte[] body)
    {
        var platform = StartPlatform();
        try
        {
            using var http = new HttpClient { Timeout = PtyPair.Timeout };
            using var content = new ByteArrayContent(body);
            using var answer = http.PostAsync(new Uri(platform.ServiceUri, "sim/issue"), content).GetAwaiter().GetResult();
            return (int)answer.StatusCode is 200 or 400;
        }
        finally
        {
            platform.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Property(MaxTest = 1000)]
    public bool Tampering_changes_one_character_or_is_a_code_issue_error(string? code)
    {
        try
        {
            var tampered = PlatformCodeIssuer.Tamper(code ?? "");
            return tampered.Length == code!.Length && tampered.Zip(code).Count(pair => pair.First != pair.Second) == 1;
        }
        catch (CodeIssueException)
        {
            return true;
        }
    }

    private static SimulatedQrPlatform StartPlatform() => SimulatedQrPlatform.Start(new SimulatedQrPlatformOptions
    {
        Holders = [new QrPlatformHolder("third-gen", "测试甲", "990001199001010013", "SIM000001", "990100", "SIMEC-SIM000001")],
    });

    private sealed class MemoryLink : IScannerLink
    {
        public int Frames { get; private set; }

        public Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            Frames++;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FixedCodes : ICodeIssuer
    {
        public string TypeName => "transit";

        public Task<string> IssueAsync(ScannerCodeVariant variant, CancellationToken cancellationToken) =>
            Task.FromResult(Convert.ToBase64String(Encoding.ASCII.GetBytes("SIM " + variant)));
    }
}
