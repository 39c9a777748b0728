namespace CardBridge.Qr.Sources;

/// <summary>An opened scanner device, read as bytes. Disposing it aborts a pending read.</summary>
internal interface IScanInput : IAsyncDisposable
{
    /// <summary>Reads some bytes; 0 means the device has ended (closed, hung up).</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>
    /// How often <see cref="IsPresent"/> must be asked, for devices whose loss a pending read does not report (a
    /// serial port keeps reading nothing after its pty or USB device is gone); null when a read reports it.
    /// </summary>
    TimeSpan? PresenceCheckInterval { get; }

    /// <summary>Whether the device opened is still there.</summary>
    bool IsPresent();
}
