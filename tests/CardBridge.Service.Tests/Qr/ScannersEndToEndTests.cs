using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CardBridge.Api.V1;
using CardBridge.HardwareSim.Qr.Scanner;
using CardBridge.Simulation.Qr.Transit;
using CardBridge.Tests.Shared;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Qr;

/// <summary>
/// Real scanner paths into the service: a serial scanner behind a socat pseudo-terminal pair written by the simulator's
/// <c>qr</c> command, and a TCP scanner whose codes the test sends, across a restart of the service.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScannersEndToEndTests : IDisposable
{
    private const string Counter = "counter scanner";
    private const string Gate = "gate scanner";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cardbridge-scanners-");

    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(30));

    private static AwaitCredentialRequest CodesFrom(string scanner)
    {
        var request = RigCodes.Await(accept: PresentedKinds.CodesOnly);
        request.Scanner = scanner;
        return request;
    }

    private static async Task ConnectedAsync(ServiceRig rig, string scanner)
    {
        using var events = rig.Readers.WatchEvents(new WatchEventsRequest { Reader = scanner }, Local);
        while (await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (events.ResponseStream.Current.ScannerConnectivity is { Connected: true })
            {
                return;
            }
        }
        throw new InvalidOperationException("the event stream ended");
    }

    private static async Task SimScannerAsync(params string[] arguments)
    {
        var exit = await new RootCommand { QrScannerCommand.Create() }
            .Parse(["qr", .. arguments])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, CancellationToken.None)
            .WaitAsync(CommandTimeout);
        Assert.Equal(0, exit);
    }

    /// <summary>Starts an AwaitCredential on the scanner, lets <paramref name="present"/> show a code, returns the outcome.</summary>
    private static async Task<(CodeCredential? Code, RpcException? Error)> PresentedAsync(ServiceRig rig, string scanner, Func<Task> present)
    {
        using var call = rig.Identity.AwaitCredentialAsync(CodesFrom(scanner), Local);
        await call.ResponseHeadersAsync;
        await present();
        try
        {
            return ((await call.ResponseAsync).Code, null);
        }
        catch (RpcException e)
        {
            return (null, e);
        }
    }

    [Fact]
    public async Task Codes_the_simulator_writes_to_a_serial_scanner_reach_AwaitCredential_verified()
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.FullName, CancellationToken.None);
        await using var rig = await ServiceRig.StartAsync(
            ("Qr:Serial:0:Name", Counter), ("Qr:Serial:0:PortPath", ptys.HostLink), ("Qr:Debounce:Window", "00:00:00.100"));
        await ConnectedAsync(rig, Counter);
        string[] Transit(string variant) => ["--serial", ptys.ScannerSidePts, "--code", "transit", "--holder", "third-gen", "--variant", variant];

        var valid = await PresentedAsync(rig, Counter, () => SimScannerAsync(Transit("valid")));
        var expired = await PresentedAsync(rig, Counter, () => SimScannerAsync(Transit("expired")));
        var tampered = await PresentedAsync(rig, Counter, () => SimScannerAsync(Transit("tampered")));
        var voucher = await PresentedAsync(rig, Counter, () => SimScannerAsync(
            "--serial", ptys.ScannerSidePts, "--code", "evoucher", "--holder", "second-gen", "--platform", rig.Platforms().QrPlatform!.ServiceUri.ToString()));

        Assert.Equal("SIM000001", valid.Code?.Transit.Account);
        Assert.Equal(Counter, valid.Code?.Scanner);
        AssertError(expired.Error!, StatusCode.FailedPrecondition, "QR_EXPIRED");
        AssertError(tampered.Error!, StatusCode.FailedPrecondition, "QR_BAD_SIGNATURE");
        Assert.Equal(QrCodeKind.EVoucher, voucher.Code?.Kind);
    }

    [Fact]
    public async Task A_replayed_code_from_a_serial_scanner_is_accepted_once_then_QR_REPLAYED()
    {
        await using var ptys = await SocatPtyPair.StartAsync(_directory.FullName, CancellationToken.None);
        await using var rig = await ServiceRig.StartAsync(
            ("Qr:Serial:0:Name", Counter), ("Qr:Serial:0:PortPath", ptys.HostLink), ("Qr:Debounce:Window", "00:00:00.100"));
        await ConnectedAsync(rig, Counter);
        using var first = rig.Identity.AwaitCredentialAsync(CodesFrom(Counter), Local);
        await first.ResponseHeadersAsync;

        var replaying = SimScannerAsync("--serial", ptys.ScannerSidePts, "--code", "transit", "--variant", "replayed", "--replay-after", "1000");
        Assert.Equal(QrCodeKind.Transit, (await first.ResponseAsync).Code.Kind);
        using var second = rig.Identity.AwaitCredentialAsync(CodesFrom(Counter), Local);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await second.ResponseAsync);
        await replaying;

        AssertError(error, StatusCode.FailedPrecondition, "QR_REPLAYED");
    }

    [Fact]
    public async Task A_transit_code_used_before_a_restart_is_QR_REPLAYED_after_it()
    {
        using var scanner = new TcpListener(IPAddress.Loopback, 0);
        scanner.Start();
        (string, string?)[] settings =
        [
            ("Qr:Replay:DatabasePath", Path.Combine(_directory.FullName, "replay.db")),
            ("Qr:Tcp:0:Name", Gate), ("Qr:Tcp:0:Host", "127.0.0.1"), ("Qr:Tcp:0:Port", ((IPEndPoint)scanner.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        var code = new SimTransitQrGenerator(SimTransitQrKeys.Default, TimeProvider.System).GenerateText(SimTransitQrKind.Valid, "SIM000001");
        var frame = Encoding.ASCII.GetBytes(code + "\r");

        (CodeCredential? Code, RpcException? Error) before;
        await using (var rig = await ServiceRig.StartAsync(settings))
        {
            using var connection = await scanner.AcceptTcpClientAsync().WaitAsync(CommandTimeout);
            before = await PresentedAsync(rig, Gate, () => connection.GetStream().WriteAsync(frame).AsTask());
        }
        await using var restarted = await ServiceRig.StartAsync(settings);
        using var again = await scanner.AcceptTcpClientAsync().WaitAsync(CommandTimeout);
        var after = await PresentedAsync(restarted, Gate, () => again.GetStream().WriteAsync(frame).AsTask());

        Assert.Equal(QrCodeKind.Transit, before.Code?.Kind);
        AssertError(after.Error!, StatusCode.FailedPrecondition, "QR_REPLAYED");
        var logs = Directory.GetFiles(restarted.Directory, "log-*").Select(File.ReadAllText);
        Assert.DoesNotContain(logs, log => log.Contains(code, StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
