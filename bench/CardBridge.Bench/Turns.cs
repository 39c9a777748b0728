namespace CardBridge.Bench;

/// <summary>
/// Kinds of call measured taking turns: first a warm-up pass whose samples are thrown away, then <see cref="Rounds"/>
/// rounds in which every kind runs once, always in the same order. Many short rounds, so that a burst of load from the
/// machine's other work falls on every kind alike.
/// </summary>
internal sealed class Turns(int rounds, int iterations)
{
    public int Rounds => rounds;

    /// <summary>Calls of a kind in one round: the iterations spread over the rounds, at least one.</summary>
    public int PerRound { get; } = Math.Max(1, iterations / rounds);

    /// <summary>Calls of a kind over all the rounds.</summary>
    public int Total => PerRound * rounds;

    /// <summary>The warm-up pass (<see cref="Pass.WarmUp"/>, round 0), then every round.</summary>
    public async Task TakeAsync(Func<Pass, Task> round)
    {
        await round(new Pass(0, WarmUp: true));
        for (var i = 0; i < rounds; i++)
        {
            await round(new Pass(i, WarmUp: false));
        }
    }

    /// <summary>
    /// Each kind in turn, in the order given: in the warm-up pass its <see cref="Turn.WarmUpCalls"/> (a kind with none sits
    /// the warm-up out), in each round its <see cref="Turn.CallsPerRound"/>.
    /// </summary>
    public Task TakeAsync(params IReadOnlyList<Turn> kinds) => TakeAsync(async pass =>
    {
        foreach (var kind in kinds)
        {
            var calls = pass.WarmUp ? kind.WarmUpCalls : kind.CallsPerRound;
            if (calls > 0)
            {
                await kind.Measure(calls, pass);
            }
        }
    });
}

/// <summary>One kind's part in <see cref="Turns"/>: <see cref="Measure"/> makes the given number of calls.</summary>
internal sealed record Turn(int WarmUpCalls, int CallsPerRound, Func<int, Pass, Task> Measure);

/// <summary>One pass over the kinds: the warm-up, or measured round <see cref="Round"/>.</summary>
internal readonly record struct Pass(int Round, bool WarmUp)
{
    /// <summary>Where this pass's samples go: <paramref name="kept"/> in a round, a throwaway in the warm-up.</summary>
    public T Into<T>(T kept)
        where T : new() => WarmUp ? new T() : kept;
}
