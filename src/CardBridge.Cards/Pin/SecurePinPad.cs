using CardBridge.Iso7816;

namespace CardBridge.Cards.Pin;

/// <summary>
/// PIN entry on the reader's own keypad (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT): the reader builds VERIFY from
/// <see cref="PinVerifyStructure"/> and the digits the holder types, so the PIN never crosses the host.
/// </summary>
public sealed class SecurePinPad
{
    private readonly IReaderControl _reader;
    private readonly uint _verifyPinDirect;

    private SecurePinPad(IReaderControl reader, uint verifyPinDirect)
    {
        _reader = reader;
        _verifyPinDirect = verifyPinDirect;
    }

    /// <summary>The reader's PIN pad, or null when it does not report FEATURE_VERIFY_PIN_DIRECT (host PIN entry then).</summary>
    public static async Task<SecurePinPad?> DiscoverAsync(IReaderControl reader, CancellationToken cancellationToken)
    {
        var features = await ReaderFeatures.DiscoverAsync(reader, cancellationToken);
        return features.VerifyPinDirect is { } code ? new SecurePinPad(reader, code) : null;
    }

    /// <summary>Lets the holder type the PIN on the reader and verifies it.</summary>
    /// <exception cref="WrongPinException">63Cx.</exception>
    /// <exception cref="PinBlockedException">6983.</exception>
    /// <exception cref="PinEntryCancelledException">6401: cancelled on the keypad.</exception>
    /// <exception cref="PinEntryTimeoutException">6400: nobody typed in time.</exception>
    public async Task VerifyAsync(PinVerifyStructure structure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(structure);
        var answer = await _reader.ControlAsync(_verifyPinDirect, structure.ToArray(), cancellationToken);
        if (answer.Length < 2)
        {
            throw new CardDataException("the PIN pad answered without a status word");
        }
        PinStatusWords.ThrowIfFailed(ResponseApdu.Parse(answer).StatusWord, "VERIFY (PIN pad)");
    }
}
