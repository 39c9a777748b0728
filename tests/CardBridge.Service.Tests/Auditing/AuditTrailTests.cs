using System.Text.Json;
using CardBridge.Api.V1;
using CardBridge.Service.Tests.Security;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CardBridge.Service.Tests.Auditing;

public sealed class AuditTrailTests
{
    // The synthetic holder of hardware-sim/profiles/third-gen.json.
    private static readonly string[] Unmasked = ["测试甲", "990001199001010013", "SIM000001"];

    /// <summary>Every audit line written so far, read while the service may still be writing.</summary>
    private static List<JsonElement> AuditLines(ServiceRig rig, out string text)
    {
        var all = new List<string>();
        foreach (var file in Directory.GetFiles(rig.Directory, "audit-*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            all.Add(reader.ReadToEnd());
        }
        text = string.Concat(all);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private static string Prop(JsonElement line, string name) =>
        line.TryGetProperty(name, out var value) ? value.ToString() : throw new Xunit.Sdk.XunitException($"audit line without {name}: {line}");

    [Fact]
    public async Task Every_call_writes_one_masked_line_with_client_rpc_purpose_reader_card_and_outcome()
    {
        var his = new ApiKeyClient("his", "identity.basic");
        var teller = new ApiKeyClient("teller", "pin");
        await using var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(his, teller), .. ApiKeyClient.NoLocalScopes]);
        var longPurpose = new string('a', 200);
        var splitPurpose = new string('p', 127) + "😀" + new string('q', 50);

        // Each unary call's line is written before its answer leaves the service.
        var awaited = await rig.Identity.AwaitCredentialAsync(new AwaitCredentialRequest { Reader = ServiceRig.Reader0, Purpose = "registration" }, his.Options);
        var session = awaited.Card.SessionId;
        // A purpose over 128 characters is refused (identity.proto), and the refusal is audited with the purpose cut.
        var tooLong = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = session }, Purpose = longPurpose }, his.Options));
        await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = session }, Purpose = splitPurpose }, his.Options));
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.VerifyPinAsync(
            new VerifyPinRequest { Target = new CardTarget { SessionId = session }, Purpose = "denied", Pin = "123456" }, his.Options));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = session }, Purpose = "stranger" }, ServiceRig.WithKey("not-a-configured-key")));
        var wrongPin = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.VerifyPinAsync(
            new VerifyPinRequest { Target = new CardTarget { SessionId = session }, Purpose = "pin check", Pin = "000000" }, teller.Options));
        var lines = AuditLines(rig, out var text);

        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, wrongPin.StatusCode);
        Assert.Equal(6, lines.Count);
        string[] expected =
        [
            "his|/cardbridge.v1.IdentityService/AwaitCredential|OK||registration|Simulated Reader 0|SI*****01",
            "his|/cardbridge.v1.IdentityService/ReadCard|InvalidArgument|INVALID_REQUEST|" + new string('a', 128) + "||",
            "his|/cardbridge.v1.IdentityService/ReadCard|InvalidArgument|INVALID_REQUEST|" + new string('p', 127) + "||",
            "his|/cardbridge.v1.IdentityService/VerifyPin|PermissionDenied|SCOPE_DENIED|denied||",
            "-|/cardbridge.v1.IdentityService/ReadCard|Unauthenticated|UNAUTHENTICATED|stranger||",
            "teller|/cardbridge.v1.IdentityService/VerifyPin|FailedPrecondition|WRONG_PIN|pin check|Simulated Reader 0|SI*****01",
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            var l = lines[i];
            Assert.Equal(expected[i], string.Join('|', Prop(l, "Client"), Prop(l, "Rpc"), Prop(l, "Outcome"), Prop(l, "Reason"),
                Prop(l, "Purpose"), Prop(l, "Reader"), Prop(l, "Card")));
        }
        Assert.All(lines.Take(1).Concat(lines.Skip(5)), l => Assert.Equal(session, Prop(l, "Session")));
        Assert.All(Unmasked, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        Assert.DoesNotContain("000000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purpose_carrying_an_SSN_or_card_number_reaches_the_audit_file_masked()
    {
        await using var rig = await ServiceRig.StartAsync();
        var session = await rig.SessionInAsync(ServiceRig.Reader0);

        await rig.Identity.ReadCardAsync(new ReadCardRequest
        {
            Target = new CardTarget { SessionId = session },
            Purpose = "refund for 990001199001010013 card SIM000001",
        }, ServiceRig.WithKey(null));
        var lines = AuditLines(rig, out var text);

        Assert.Contains(lines, l => Prop(l, "Purpose").StartsWith("refund for 9900", StringComparison.Ordinal));
        Assert.All(Unmasked, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Streaming_call_writes_its_line_when_the_stream_ends()
    {
        var gate = new ApiKeyClient("gate", "transit");
        var door = new ApiKeyClient("door", "journal.read");
        await using var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(gate, door), .. ApiKeyClient.NoLocalScopes]);
        using (var call = rig.Readers.WatchEvents(new WatchEventsRequest { Reader = ServiceRig.Reader0 }, gate.Options))
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        }
        using (var refused = rig.Readers.WatchEvents(new WatchEventsRequest(), door.Options))
        {
            await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext(CancellationToken.None));
        }

        // Stopping the host waits for the cancelled stream to finish, which is when its line is written.
        await rig.Services.GetRequiredService<IHost>().StopAsync();
        var lines = AuditLines(rig, out _);

        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => Prop(l, "Client") == "gate" && Prop(l, "Rpc") == "/cardbridge.v1.ReaderService/WatchEvents" && Prop(l, "Outcome") == "Cancelled");
        Assert.Contains(lines, l => Prop(l, "Client") == "door" && Prop(l, "Outcome") == "PermissionDenied" && Prop(l, "Reason") == "SCOPE_DENIED");
    }
}
