using System.Net;
using System.Net.Sockets;
using CardBridge.Api.V1;
using CardBridge.Service.Security;
using CardBridge.Simulation.Qr.Transit;
using CardBridge.Tests.Shared;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace CardBridge.Service.Tests.Logging;

/// <summary>
/// Drives every flow of the service (simulator mode, real Kestrel in a child process, Debug logs including
/// Microsoft and Grpc) and then scans every log file, the audit file and the console output for unmasked values.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LogLeakTests
{
    private const string Reader = "Simulated Reader 1";
    private const string RightPin = "123456";
    private const string WrongPin = "975318";
    private const string NewPin = "864257";
    private static readonly string[] Profiles = ["third-gen", "second-gen", "expired", "rare-name", "forged", "pin-blocked"];

    [Fact]
    public async Task No_profile_value_or_pin_appears_unmasked_in_any_log()
    {
        var (gateKey, gateHash) = ApiKeyHash.Create();
        var (counterKey, counterHash) = ApiKeyHash.Create();
        using var gateScanner = new TcpListener(IPAddress.Loopback, 0);
        gateScanner.Start();
        var transitCode = new SimTransitQrGenerator(SimTransitQrKeys.Default, TimeProvider.System).GenerateText(SimTransitQrKind.Valid, "SIM000001");
        var service = ServiceProcess.Start(
        [
            "--simulate", "--Logs:MinimumLevel=Debug",
            "--Logs:Levels:Microsoft.AspNetCore=Debug", "--Logs:Levels:Microsoft=Debug", "--Logs:Levels:Grpc=Debug",
            "--Security:Clients:0:Id=gate", "--Security:Clients:0:Scopes:0=identity.basic", $"--Security:Clients:0:ApiKeyHashes:0={gateHash}",
            "--Security:Clients:1:Id=counter", "--Security:Clients:1:Scopes:0=bank.full", "--Security:Clients:1:Scopes:1=medical.read",
            "--Security:Clients:1:Scopes:2=settlement",
            $"--Security:Clients:1:ApiKeyHashes:0={counterHash}",
            $"--Qr:Tcp:0:Name={GateScanner}", "--Qr:Tcp:0:Host=127.0.0.1", $"--Qr:Tcp:0:Port={((IPEndPoint)gateScanner.LocalEndpoint).Port}",
        ]);
        await using (service)
        {
            using (var channel = GrpcChannel.ForAddress(await service.ListeningAsync()))
            {
                await DriveEveryFlowAsync(channel, gateKey, counterKey);
                await DriveCodeFlowsAsync(channel, gateKey, gateScanner, transitCode);
            }
            Assert.Equal(0, await service.StopAsync(TimeSpan.FromSeconds(15)));

            var scanner = new LeakScanner([.. LeakScanner.ProfileValues(), RightPin, WrongPin, NewPin, transitCode]);
            // The simulator's state (journal, replay cache, transit lists) lies beside the log and audit files.
            var files = Directory.GetFiles(service.Directory)
                .Where(f => Path.GetFileName(f) is var name && (name.StartsWith("log-", StringComparison.Ordinal) || name.StartsWith("audit-", StringComparison.Ordinal)))
                .ToList();
            Assert.Contains(files, f => Path.GetFileName(f).StartsWith("log-", StringComparison.Ordinal));
            Assert.Contains(files, f => Path.GetFileName(f).StartsWith("audit-", StringComparison.Ordinal));
            var leaks = files.SelectMany(f => scanner.Scan(Path.GetFileName(f), File.ReadLines(f)))
                .Concat(scanner.Scan("stdout", service.StandardOutput.Split('\n')))
                .Concat(scanner.Scan("stderr", service.StandardError.Split('\n')))
                .ToList();
            Assert.True(leaks.Count == 0, string.Join('\n', leaks));
            // The flows really ran: the debug log saw the card calls.
            Assert.Contains(files, f => File.ReadAllText(f).Contains("ChangePin", StringComparison.Ordinal));
            Assert.Contains(files, f => File.ReadAllText(f).Contains("ReadBankAccount", StringComparison.Ordinal));
            Assert.Contains(files, f => File.ReadAllText(f).Contains("ReadMedicalRecords", StringComparison.Ordinal));
            Assert.Contains(LeakScanner.ProfileValues(), value => value == "6217990007000001");
        }
    }

    private const string GateScanner = "gate scanner";

    /// <summary>Codes of every kind, valid and refused, held to the simulated scanner, and a known code sent by a TCP scanner.</summary>
    private static async Task DriveCodeFlowsAsync(GrpcChannel channel, string gateKey, TcpListener gateScanner, string transitCode)
    {
        var identity = new IdentityService.IdentityServiceClient(channel);
        var simulator = new SimulatorService.SimulatorServiceClient(channel);
        AwaitCredentialRequest CodesFrom(string scanner) => new()
        {
            Scanner = scanner, OnlyNew = true, Accept = PresentedKinds.CodesOnly, Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
        };
        foreach (var profile in Profiles)
        {
            foreach (var kind in new[] { QrCodeKind.EVoucher, QrCodeKind.ESocialSecurityCard, QrCodeKind.Transit })
            {
                foreach (var (code, key) in new[] { (SimulatedCode.Valid, (string?)null), (SimulatedCode.Valid, gateKey), (SimulatedCode.Expired, null), (SimulatedCode.Tampered, null) })
                {
                    using var awaiting = identity.AwaitCredentialAsync(CodesFrom("Simulated Scanner"), Call(key));
                    await awaiting.ResponseHeadersAsync;
                    await simulator.PresentCodeAsync(new PresentCodeRequest { Scanner = "Simulated Scanner", Kind = kind, Holder = profile, Code = code }, Call());
                    await FailureOf(async () => await awaiting.ResponseAsync);
                }
            }
        }
        using var fromGate = identity.AwaitCredentialAsync(CodesFrom(GateScanner), Call(gateKey));
        await fromGate.ResponseHeadersAsync;
        using var connection = await gateScanner.AcceptTcpClientAsync();
        await connection.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(transitCode + "\r"));
        Assert.Equal(QrCodeKind.Transit, (await fromGate.ResponseAsync).Code.Kind);
    }

    private static CallOptions Call(string? key = null)
    {
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("authorization", $"Bearer {key}");
        }
        return new CallOptions(headers, DateTime.UtcNow.AddSeconds(20));
    }

    private static async Task<RpcException?> FailureOf(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    private static async Task DriveEveryFlowAsync(GrpcChannel channel, string gateKey, string counterKey)
    {
        var readers = new ReaderService.ReaderServiceClient(channel);
        var identity = new IdentityService.IdentityServiceClient(channel);
        var simulator = new SimulatorService.SimulatorServiceClient(channel);
        var card = new CardService.CardServiceClient(channel);
        var settlement = new SettlementService.SettlementServiceClient(channel);

        await readers.ListReadersAsync(new ListReadersRequest(), Call());
        using var watch = readers.WatchEvents(new WatchEventsRequest(), Call());
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));

        foreach (var profile in Profiles)
        {
            var awaiting = identity.AwaitCredentialAsync(new AwaitCredentialRequest
            {
                Reader = Reader, OnlyNew = true, AllowExpired = true, Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
            }, Call());
            await simulator.InsertCardAsync(new InsertCardRequest { Reader = Reader, Profile = profile }, Call());
            string? session = null;
            try
            {
                session = (await awaiting.ResponseAsync).Card.SessionId;
            }
            catch (RpcException)
            {
                // forged / unreadable cards answer with a typed error; take the session from the reader list
            }
            awaiting.Dispose();
            session ??= (await readers.ListReadersAsync(new ListReadersRequest(), Call())).Readers.Single(r => r.Name == Reader).SessionId;
            var target = new CardTarget { SessionId = session };
            await FailureOf(async () => await identity.ReadCardAsync(new ReadCardRequest { Target = target, Purpose = "leak scan" }, Call()));
            await FailureOf(async () => await identity.ReadCardAsync(new ReadCardRequest { Target = target, AllowExpired = true }, Call()));
            await FailureOf(async () => await identity.ReadCardAsync(new ReadCardRequest { Target = target }, Call(gateKey)));
            await FailureOf(async () => await identity.VerifyPinAsync(new VerifyPinRequest { Target = target, Pin = WrongPin }, Call()));
            await FailureOf(async () => await identity.VerifyPinAsync(new VerifyPinRequest { Target = target, Pin = RightPin }, Call()));
            await FailureOf(async () => await identity.ChangePinAsync(new ChangePinRequest { Target = target, CurrentPin = RightPin, NewPin = NewPin }, Call()));
            await FailureOf(async () => await identity.VerifyPinAsync(new VerifyPinRequest { Target = target, Pin = NewPin }, Call()));
            if (profile == "third-gen")
            {
                // The whole PAN really went out (bank.full): the scan below looks for it in every log line.
                Assert.True((await card.ReadBankAccountAsync(new ReadBankAccountRequest { Target = target, Purpose = "leak scan" }, Call(counterKey))).Account.PanRevealed);
            }
            await FailureOf(async () => await card.ReadBankAccountAsync(new ReadBankAccountRequest { Target = target, Purpose = "leak scan" }, Call(counterKey)));
            await FailureOf(async () => await card.ReadBankAccountAsync(new ReadBankAccountRequest { Target = target }, Call(gateKey)));
            await FailureOf(async () => await card.ReadMedicalRecordsAsync(new ReadMedicalRecordsRequest { Target = target, Purpose = "leak scan" }, Call(counterKey)));
            await FailureOf(async () => await card.ReadMedicalRecordsAsync(new ReadMedicalRecordsRequest { Target = target, Pin = WrongPin }, Call(counterKey)));
            await FailureOf(async () => await card.ReadMedicalRecordsAsync(new ReadMedicalRecordsRequest { Target = target, Pin = NewPin }, Call(counterKey)));
            await FailureOf(async () => await settlement.QueryAccountAsync(
                new QueryAccountRequest { Credential = new SettlementCredential { Card = target }, Purpose = "leak scan", Pin = NewPin }, Call(counterKey)));
        }

        var unknown = new CardTarget { SessionId = Guid.NewGuid().ToString() };
        Assert.NotNull(await FailureOf(async () => await identity.ReadCardAsync(new ReadCardRequest { Target = unknown }, Call())));
        Assert.NotNull(await FailureOf(async () => await identity.VerifyPinAsync(new VerifyPinRequest { Target = unknown, Pin = "12ab" }, Call())));
        Assert.NotNull(await FailureOf(async () => await identity.VerifyPinAsync(new VerifyPinRequest { Target = unknown, Pin = RightPin }, Call(gateKey))));
        Assert.NotNull(await FailureOf(async () => await identity.ReadCardAsync(new ReadCardRequest { Target = unknown }, Call("not-a-key"))));
        Assert.NotNull(await FailureOf(async () => await simulator.RemoveCardAsync(new RemoveCardRequest { Reader = Reader }, Call(gateKey))));
        Assert.NotNull(await FailureOf(async () => await simulator.InsertCardAsync(new InsertCardRequest { Reader = Reader, Profile = "no-such" }, Call())));
        Assert.NotNull(await FailureOf(async () => await identity.AwaitCredentialAsync(
            new AwaitCredentialRequest { Timeout = Duration.FromTimeSpan(TimeSpan.FromHours(1)) }, Call())));
    }
}
