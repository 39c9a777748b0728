using CardBridge.Iso7816;

namespace CardBridge.Cards.Pin;

/// <summary>What a PIN command's status word means for the caller (DESIGN §8).</summary>
internal static class PinStatusWords
{
    public static void ThrowIfFailed(StatusWord statusWord, string command)
    {
        if (statusWord.IsNormal)
        {
            return;
        }
        if (statusWord.RetriesLeft is { } left)
        {
            throw left == 0 ? new PinBlockedException($"{command}: PIN blocked after the last wrong try") : new WrongPinException(left);
        }
        switch (statusWord.Value)
        {
            case 0x6983:
                throw new PinBlockedException($"{command}: PIN blocked ({statusWord})");
            case 0x6400:
                throw new PinEntryTimeoutException($"{command}: PIN entry timed out on the reader");
            case 0x6401:
                throw new PinEntryCancelledException($"{command}: PIN entry cancelled on the reader");
            case 0x6402:
                throw new PinConfirmationMismatchException($"{command}: the two entries of the new PIN differ");
            case 0x6988 or 0x9302:
                throw new SecureMessagingException($"{command}: the card rejected the MAC ({statusWord})");
            default:
                throw new CardCommandException(command, statusWord);
        }
    }
}
