using CardBridge.Api.V1;
using CardBridge.Service.Tests.Api;
using CardBridge.Service.Tests.Standard;
using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Legacy;

/// <summary>
/// Two programs, one reader: what the vendor libraries cannot do (each opens the reader exclusively). Legacy programs
/// calling the standard functions and a gRPC client use the same card in the same reader at the same time, and every
/// one of them gets the right answer.
/// </summary>
public sealed class LegacySharedReaderTests
{
    private const int Rounds = 8;

    [Fact]
    public async Task Legacy_programs_and_a_gRPC_client_read_and_verify_on_one_reader_at_once()
    {
        await using var rig = await ServiceRig.StartAsync(
            ("Listeners:Web:Port", "0"), ("StandardInterface:DeviceNumber", StandardInterfaceOverGrpcTests.Device));
        var session = await rig.InitialSessionAsync();
        var ini = LegacyDriver.Ini(rig.WebAddress, "[pin]\nentry = caller\n");
        await using var c = LegacyDriver.Start(LegacyProgram.C, rig.Directory, ini);
        await using var python = LegacyDriver.Start(LegacyProgram.PythonCtypes, rig.Directory, ini);

        async Task<List<string>> LegacyAsync(LegacyDriver legacy)
        {
            var answers = new List<string>();
            for (var i = 0; i < Rounds; i++)
            {
                answers.Add((await legacy.CallAsync("iReadCardBas", "1")).ToString());
                answers.Add((await legacy.CallAsync("iVerifyPIN", "1", RigCards.Pin)).ToString());
            }
            return answers;
        }

        async Task<List<string>> GrpcAsync()
        {
            var answers = new List<string>();
            for (var i = 0; i < Rounds; i++)
            {
                var read = await rig.Identity.ReadCardAsync(
                    new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader0 } }, ServiceRig.WithKey(null, TimeSpan.FromSeconds(30)));
                answers.Add($"{read.Identity.SessionId} {read.Identity.Holder.Name}");
                var verified = await rig.Identity.VerifyPinAsync(
                    new VerifyPinRequest { Target = new CardTarget { SessionId = session }, Pin = RigCards.Pin }, ServiceRig.WithKey(null, TimeSpan.FromSeconds(30)));
                answers.Add(verified.SessionId);
            }
            return answers;
        }

        var legacyC = LegacyAsync(c);
        var legacyPython = LegacyAsync(python);
        var grpc = GrpcAsync();
        await Task.WhenAll(legacyC, legacyPython, grpc);

        var expected = Enumerable.Repeat(new[] { $"0 \"{StandardInterfaceOverGrpcTests.ThirdGenLine()}\"", "0 \"\"" }, Rounds).SelectMany(pair => pair);
        Assert.Equal(expected, await legacyC);
        Assert.Equal(expected, await legacyPython);
        Assert.Equal(Enumerable.Repeat(new[] { $"{session} 测试甲", session }, Rounds).SelectMany(pair => pair), await grpc);
    }
}
