using CardBridge.Pcsc;

namespace CardBridge.Tests.Shared;

/// <summary>pcscd's own view of a reader, through a PC/SC context of the test's: the outside observer of a card.</summary>
internal static class PcscPresence
{
    /// <summary>Blocks until PC/SC reports a card in <paramref name="reader"/> (or reports none, when <paramref name="present"/> is false).</summary>
    public static async Task WaitAsync(string reader, bool present, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var context = PcscContext.Establish();
        var state = new PcscReaderState(reader);
        await Task.Run(
            () =>
            {
                while (true)
                {
                    context.GetStatusChange(TimeSpan.FromMilliseconds(500), [state], deadline.Token);
                    if (state.EventState.HasFlag(PcscReaderStates.Present) == present
                        && !state.EventState.HasFlag(PcscReaderStates.Unknown))
                    {
                        return;
                    }
                    state.Acknowledge();
                }
            },
            deadline.Token);
    }
}
