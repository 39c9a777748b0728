namespace CardBridge.Qr.Sources;

/// <summary>A scanner device read through a <see cref="Stream"/>; <paramref name="owner"/> (a serial port, a socket) is disposed with it.</summary>
internal sealed class StreamScanInput(Stream stream, IDisposable? owner, DevicePresence? presence = null) : IScanInput
{
    public TimeSpan? PresenceCheckInterval => presence?.Interval;

    public bool IsPresent() => presence?.IsPresent() ?? true;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        stream.ReadAsync(buffer, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        owner?.Dispose();
    }
}
