using CardBridge.Iso7816;

namespace CardBridge.Transit.Gate;

/// <summary>A card channel that adds the time of every transmit to a shared <see cref="ApduClock"/>.</summary>
internal sealed class TimedCardChannel(ICardChannel inner, ApduClock clock) : ICardChannel
{
    public async Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken)
    {
        var start = clock.Time.GetTimestamp();
        try
        {
            return await inner.TransmitAsync(command, cancellationToken);
        }
        finally
        {
            clock.Add(clock.Time.GetElapsedTime(start));
        }
    }
}

/// <summary>The APDU time of one tap (card and PSAM transmits together).</summary>
internal sealed class ApduClock(TimeProvider time)
{
    private long _ticks;

    public TimeProvider Time { get; } = time;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public void Add(TimeSpan elapsed) => Interlocked.Add(ref _ticks, elapsed.Ticks);
}
