namespace CardBridge.HardwareSim.Vpcd;

/// <summary>Where a <see cref="VpcdCardBridge"/> connects and how patient it is.</summary>
public sealed record VpcdBridgeOptions
{
    /// <summary>The TCP port vpcd listens on for its first reader, "Virtual PCD 00 00".</summary>
    public const int FirstReaderPort = 35963;

    /// <summary>The TCP port vpcd listens on for its second reader, "Virtual PCD 00 01".</summary>
    public const int SecondReaderPort = 35964;

    /// <summary>Host running pcscd with the vpcd driver; a loopback address in every setup we support.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The vpcd reader's TCP port.</summary>
    public int Port { get; init; } = FirstReaderPort;

    /// <summary>
    /// How long a mute card leaves vpcd waiting before the bridge gives up and pulls the card, which is what
    /// a reader does with a card that stops answering. <see cref="Timeout.InfiniteTimeSpan"/> keeps it mute forever.
    /// </summary>
    public TimeSpan MuteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before reconnecting to vpcd after a refused or dropped connection.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The wait between reconnection attempts doubles up to this cap.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("The vpcd host is empty.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "A TCP port is 1..65535.");
        }

        if (MuteTimeout <= TimeSpan.Zero && MuteTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(MuteTimeout), MuteTimeout, "The mute timeout must be positive or infinite.");
        }

        if (MinReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < MinReconnectDelay)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MinReconnectDelay), MinReconnectDelay, "Reconnect delays must be positive, the cap not below the first delay.");
        }
    }
}
