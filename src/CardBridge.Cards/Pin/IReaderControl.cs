namespace CardBridge.Cards.Pin;

/// <summary>A reader's control channel (SCardControl), e.g. a PC/SC card handle's <c>Control</c>.</summary>
public interface IReaderControl
{
    /// <summary>The platform's CM_IOCTL_GET_FEATURE_REQUEST control code (PC/SC part 10).</summary>
    uint GetFeatureRequestCode { get; }

    /// <summary>Sends <paramref name="input"/> with <paramref name="controlCode"/> and returns the reader's answer.</summary>
    Task<byte[]> ControlAsync(uint controlCode, ReadOnlyMemory<byte> input, CancellationToken cancellationToken);
}
