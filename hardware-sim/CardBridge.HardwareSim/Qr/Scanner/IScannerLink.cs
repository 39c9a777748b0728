namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>An open line from the simulated scanner to its host (a tty or a connected TCP client) that frames are written to.</summary>
internal interface IScannerLink : IAsyncDisposable
{
    /// <summary>Writes <paramref name="bytes"/> and pushes them out.</summary>
    Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);
}
