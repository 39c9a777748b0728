namespace CardBridge.Qr.Sources;

/// <summary>An opened scanner device, read as bytes. Disposing it aborts a pending read.</summary>
internal interface IScanInput : IAsyncDisposable
{
    /// <summary>Reads some bytes; 0 means the device has ended (closed, hung up).</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
