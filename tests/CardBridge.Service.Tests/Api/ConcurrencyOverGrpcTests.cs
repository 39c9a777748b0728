using System.Diagnostics;
using CardBridge.Api.V1;
using CardBridge.Simulation.Profiles;
using Grpc.Core;

namespace CardBridge.Service.Tests.Api;

public sealed class ConcurrencyOverGrpcTests
{
    private const byte Select = 0xA4;
    private const byte VerifyIns = 0x20;

    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(30));

    private static VerifyPinRequest Verify(string session) =>
        new() { Target = new CardTarget { SessionId = session }, Pin = RigCards.Pin };

    [Fact]
    public async Task Thirty_two_concurrent_calls_on_one_reader_all_answer_and_reach_the_card_as_whole_sequences()
    {
        await using var rig = await ServiceRig.StartAsync();
        var card = new RecordingCard(SimCard.ThirdGen().WithPin(RigCards.Pin).Build());
        var session = await rig.SwapCardAsync(ServiceRig.Reader0, card);
        await rig.Identity.ReadCardAsync(new ReadCardRequest(), Local);
        var before = card.CommandCount;
        card.Faults.Delay = TimeSpan.FromMilliseconds(5);
        var clock = Stopwatch.StartNew();

        var calls = Enumerable.Range(0, 32).Select(async i =>
        {
            var started = clock.Elapsed;
            string answered;
            if (i % 2 == 0)
            {
                answered = (await rig.Identity.VerifyPinAsync(Verify(session), Local)).SessionId;
            }
            else
            {
                var identity = (await rig.Identity.ReadCardAsync(new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader0 } }, Local)).Identity;
                Assert.Equal("测试甲", identity.Holder.Name);
                answered = identity.SessionId;
            }
            return (Verify: i % 2 == 0, Answered: answered, Started: started, Ended: clock.Elapsed);
        }).ToList();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(session, r.Answered));
        var verifies = results.Where(r => r.Verify).OrderBy(r => r.Started).ToList();
        Assert.Equal(16, verifies.Count);
        Assert.Contains(verifies.Skip(1), r => r.Started < verifies[0].Ended);
        // Each VerifyPin is SELECT SSSE (with its GET RESPONSE) then VERIFY; interleaved work would show two SELECTs in a row.
        var selectsAndVerifies = card.InstructionsSince(before).Where(ins => ins is Select or VerifyIns).ToList();
        Assert.Equal(Enumerable.Repeat(new[] { Select, VerifyIns }, 16).SelectMany(pair => pair), selectsAndVerifies);
    }

    [Fact]
    public async Task Calls_on_two_readers_run_in_parallel()
    {
        const int callsPerReader = 4;
        await using var rig = await ServiceRig.StartAsync();
        var first = new RecordingCard(SimCard.ThirdGen().WithPin(RigCards.Pin).Build());
        var second = new RecordingCard(SimCard.ThirdGen().WithCardNumber("SIM000012").WithPin(RigCards.Pin).Build());
        var firstSession = await rig.SwapCardAsync(ServiceRig.Reader0, first);
        var secondSession = await rig.PutCardAsync(ServiceRig.Reader1, second);
        await rig.Identity.VerifyPinAsync(Verify(firstSession), Local);
        await rig.Identity.VerifyPinAsync(Verify(secondSession), Local);
        first.Faults.Delay = second.Faults.Delay = TimeSpan.FromMilliseconds(20);

        async Task<TimeSpan> TimeAsync(params string[] sessions)
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(sessions.SelectMany(s => Enumerable.Repeat(s, callsPerReader))
                .Select(async s => await rig.Identity.VerifyPinAsync(Verify(s), Local)));
            return clock.Elapsed;
        }

        var onFirst = await TimeAsync(firstSession);
        var onSecond = await TimeAsync(secondSession);
        var onBoth = await TimeAsync(firstSession, secondSession);

        var ratio = onBoth / (onFirst + onSecond);
        Assert.True(ratio < 0.75, $"both readers took {onBoth.TotalMilliseconds:0} ms, one after the other {onFirst.TotalMilliseconds:0} + {onSecond.TotalMilliseconds:0} ms (ratio {ratio:0.00})");
    }
}
